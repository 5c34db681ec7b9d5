"""{% form_fields form %}: a form's fields without a template per widget (formhtml)."""

from django import template

from occitanie_ess.common.formhtml import form_fields_html

register = template.Library()


@register.simple_tag
def form_fields(form):
    """Return the form's fields as components/field.html would render them."""
    return form_fields_html(form)
