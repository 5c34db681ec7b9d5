"""A form's fields as HTML without a template per widget.

Django renders each widget, option and attribute list through its own template: a filter
form of eight selects costs about ten milliseconds a page. `form_fields_html` writes the
same markup as templates/components/field.html around Django's widgets (same attributes,
ids, aria-describedby, errors), in Python, for text-like inputs and single selects; any
other widget is rendered by Django as usual.

What does not change from one request to the next is written once per process: each
select's options, escaped, and each label. They are kept under the form's class, the
field's name, the language and the public data version (occitanie_ess.common.cache), so
an edit (a new thematic, a renamed structure) shows at once. The choices must therefore be
the ones the form's class declares: a form that narrows a field's choices per request (by
user, by edition) is rendered by components/field.html instead.
"""

from django import forms
from django.forms.widgets import Input
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from occitanie_ess.common.cache import PublicDataMemo

# (form class's module, name and fields, field, language) -> the field's parts that do
# not change, until the next edit of public data.
_static = PublicDataMemo()


def _attrs(attrs: dict) -> str:
    """Return attributes as Django's attrs.html writes them (False left out, True bare)."""
    out = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        out.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return "".join(out)


def _label_html(bound: forms.BoundField) -> str:
    label = conditional_escape(bound.label)
    field_suffix = bound.field.label_suffix
    suffix = field_suffix if field_suffix is not None else bound.form.label_suffix
    # As BoundField.label_tag: no suffix after a label that ends in punctuation.
    if suffix and label and label[-1] not in gettext(":?.!"):
        label = f"{label}{conditional_escape(suffix)}"
    if bound.auto_id:
        return f'<label for="{escape(bound.id_for_label)}">{label}</label>'
    return f"<label>{label}</label>"


def _static_parts(bound: forms.BoundField) -> dict:
    """Return the label, help text and (for a select) escaped options of `bound`."""
    # By the class's name and fields: django-filter builds a new form class every time.
    form = bound.form
    form_class = type(form)
    key = (form_class.__module__, form_class.__qualname__, *form.fields, bound.name)
    return _static.get((*key, get_language()), lambda: _static_parts_build(bound))


def _static_parts_build(bound: forms.BoundField) -> dict:
    parts = {"label": _label_html(bound), "help": ""}
    if bound.help_text:
        # A <div>: help text may hold a list, which a <p> cannot (components/field.html).
        parts["help"] = (
            f'<div class="field__help" id="{escape(bound.auto_id)}_helptext">'
            f"{conditional_escape(bound.help_text)}</div>"
        )
    if type(bound.field.widget) is forms.Select:
        # (value, '<option value="…"', '>label</option>'): " selected" goes between.
        parts["options"] = tuple(
            (str(value), f'<option value="{escape(value)}"', f">{escape(label)}</option>")
            for value, label in bound.field.choices
        )
    return parts


def _widget_html(bound: forms.BoundField, parts: dict) -> str:
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    if type(widget) is forms.Select:
        final = widget.build_attrs(widget.attrs, attrs)
        selected = set(widget.format_value(bound.value()))
        options = "".join(
            f"{start} selected{end}" if value in selected else f"{start}{end}"
            for value, start, end in parts["options"]
        )
        return f'<select name="{escape(bound.html_name)}"{_attrs(final)}>{options}</select>'
    if isinstance(widget, Input) and not isinstance(
        widget, forms.CheckboxInput | forms.FileInput | forms.MultipleHiddenInput
    ):
        context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
        value = context["value"]
        value_html = "" if value is None else f' value="{escape(value)}"'
        return (
            f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
            f"{value_html}{_attrs(context['attrs'])}>"
        )
    return str(bound)


def form_fields_html(form: forms.Form) -> SafeString:
    """Return the hidden fields, then each visible field as components/field.html does."""
    parts = [str(bound) for bound in form.hidden_fields()]
    for bound in form.visible_fields():
        errors = bound.errors
        static = _static_parts(bound)
        parts.append(f'<div class="field{" field--error" if errors else ""}">')
        if bound.widget_type == "checkbox":
            parts.append(f"{_widget_html(bound, static)} {static['label']}")
        else:
            parts.append(f"{static['label']}{_widget_html(bound, static)}")
        parts.append(static["help"])
        if errors:
            # Every error in the one element aria-describedby names: never one id twice.
            parts.append(f'<div class="field__error" id="{escape(bound.auto_id)}_error">')
            parts.extend(f"<p>{conditional_escape(error)}</p>" for error in errors)
            parts.append("</div>")
        parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
