"""The audit journal: every recent change, across apps, in one read-only list for staff
who may read the admin's log (permission admin.view_logentry, held by the "Auditeurs"
group). It merges the simple-history records of every tracked model with the admin's
LogEntry (which covers the models without their own history), newest first."""

import datetime
from dataclasses import dataclass
from itertools import islice

from django import forms
from django.contrib import admin
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

LIMIT = 100
HISTORY_ACTIONS = {"+": _("création"), "~": _("modification"), "-": _("suppression")}
LOG_ACTIONS = {1: _("création"), 2: _("modification"), 3: _("suppression")}


@dataclass(frozen=True)
class JournalEntry:
    at: datetime.datetime
    who: str
    model: str
    record: str
    url: str
    action: str
    changes: tuple[str, ...]
    source: str


def tracked_models(user) -> dict[str, type]:
    """Return the models with a history that `user` may view, by "app_label.model"."""
    models = {}
    for model in registered_models.values():
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            models[opts.label_lower] = model
    return dict(sorted(models.items()))


def _admin_url(opts, object_id) -> str:
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
    except NoReverseMatch:
        return ""


def _who(user) -> str:
    return str(user) if user is not None else str(_("système ou démonstration"))


def _short(value) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _history_records(model, filters) -> list:
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    records = manager.all().select_related("history_user").order_by("-history_date")
    if filters.get("since"):
        records = records.filter(history_date__date__gte=filters["since"])
    if filters.get("who"):
        records = records.filter(history_user__email__icontains=filters["who"])
    if filters.get("object_id"):
        records = records.filter(**{model._meta.pk.attname: filters["object_id"]})
    return [(record.history_date, model, record) for record in records[:LIMIT]]


def _history_entries(model, records: list) -> dict:
    """Return {history_id: JournalEntry} for `records` of `model`, in a few queries: the
    current objects' labels in one, every previous version (for the diff) in another."""
    opts = model._meta
    attname = opts.pk.attname
    manager = getattr(model, opts.simple_history_manager_attribute)
    ids = {getattr(record, attname) for record in records}
    relations = [f.name for f in opts.fields if f.many_to_one]
    objects = model._default_manager.all()
    if relations:  # select_related() without a field is deprecated (Django 6.1)
        objects = objects.select_related(*relations)
    current = objects.in_bulk(ids)
    versions: dict = {}
    for version in manager.filter(**{f"{attname}__in": ids}).order_by("history_date", "pk"):
        versions.setdefault(getattr(version, attname), []).append(version)
    entries = {}
    for record in records:
        object_id = getattr(record, attname)
        history = versions.get(object_id, [])
        position = next((i for i, v in enumerate(history) if v.pk == record.pk), 0)
        changes = ()
        if record.history_type == "~" and position > 0:
            delta = record.diff_against(history[position - 1])
            changes = tuple(
                f"{opts.get_field(change.field).verbose_name} : "
                f"{_short(change.old)} → {_short(change.new)}"
                for change in delta.changes
            )
        label = current.get(object_id)
        entries[record.pk] = JournalEntry(
            at=record.history_date,
            who=_who(record.history_user),
            model=str(opts.verbose_name),
            record=_short(label if label is not None else object_id),
            url=_admin_url(opts, object_id) if label is not None else "",
            action=str(HISTORY_ACTIONS.get(record.history_type, "")),
            changes=changes,
            source="history",
        )
    return entries


def _log_records(user, filters, tracked: set[str]) -> list:
    entries = LogEntry.objects.select_related("user", "content_type").order_by("-action_time")
    if filters.get("since"):
        entries = entries.filter(action_time__date__gte=filters["since"])
    if filters.get("who"):
        entries = entries.filter(user__email__icontains=filters["who"])
    if filters.get("model"):
        app_label, _dot, model_name = filters["model"].partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    if filters.get("object_id"):
        entries = entries.filter(object_id=str(filters["object_id"]))
    result = []
    for entry in entries[: LIMIT * 2]:
        content_type = entry.content_type
        if content_type is None:
            continue
        label = f"{content_type.app_label}.{content_type.model}"
        if label in tracked and entry.action_flag == CHANGE:
            continue  # the record's own history says more about this change
        if not user.has_perm(f"{content_type.app_label}.view_{content_type.model}"):
            continue
        result.append((entry.action_time, None, entry))
        if len(result) >= LIMIT:
            break
    return result


def _log_entry(entry) -> JournalEntry:
    model = entry.content_type.model_class()
    message = entry.get_change_message()
    return JournalEntry(
        at=entry.action_time,
        who=_who(entry.user),
        model=str(model._meta.verbose_name) if model else entry.content_type.name,
        record=_short(entry.object_repr),
        url=entry.get_admin_url() if entry.action_flag != DELETION else "",
        action=str(LOG_ACTIONS.get(entry.action_flag, "")),
        changes=(message,) if message else (),
        source="log",
    )


class JournalFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Type de fiche"), required=False)
    who = forms.CharField(label=_("Auteur (courriel)"), required=False, max_length=254)
    since = forms.DateField(
        label=_("Depuis le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    object_id = forms.IntegerField(
        label=_("Numéro de la fiche"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, models: dict[str, type], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Toutes"))] + [
            (label, capfirst(model._meta.verbose_name_plural)) for label, model in models.items()
        ]
        self.fields["model"].choices = choices

    def clean_who(self):
        return self.cleaned_data["who"].replace("\x00", "").strip()


def journal_entries(user, filters: dict) -> list[JournalEntry]:
    """Return the latest changes `user` may read, newest first, at most LIMIT."""
    models = tracked_models(user)
    if filters.get("model"):
        selected = {k: v for k, v in models.items() if k == filters["model"]}
    else:
        selected = models
    raw = [item for model in selected.values() for item in _history_records(model, filters)]
    raw += _log_records(user, filters, set(models))
    raw.sort(key=lambda item: item[0], reverse=True)
    latest = list(islice(raw, LIMIT))
    by_model: dict = {}
    for _at, model, record in latest:
        if model is not None:
            by_model.setdefault(model, []).append(record)
    built = {}
    for model, records in by_model.items():
        built.update(_history_entries(model, records))
    return [
        built[record.pk] if model is not None else _log_entry(record)
        for _at, model, record in latest
    ]


def journal_view(request):
    """Return the journal page (GET only: it changes nothing)."""
    if not request.user.has_perm("admin.view_logentry"):
        raise PermissionDenied
    models = tracked_models(request.user)
    form = JournalFilterForm(request.GET or None, models=models)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        **admin.site.each_context(request),
        "title": _("Journal des modifications"),
        "form": form,
        "entries": journal_entries(request.user, filters) if not form.errors else [],
        "limit": LIMIT,
        "now": timezone.now(),
    }
    return TemplateResponse(request, "admin/journal.html", context)
