"""Writes of the directory that follow rules: publication, derived supports, staff group."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from occitanie_ess.common.groups import staff_group_ensure
from structures.models import Organisation, Support

DIRECTORY_GROUP = "Équipe annuaire"
# The models the directory team manages fully (proxies carry their own permissions).
MANAGED_MODELS = ("organisation", "supportstructure", "enterprise", "support", "thematic")
# The models it may only read.
READ_ONLY_MODELS = ("departement", "historicalorganisation", "historicalsupport")


@transaction.atomic
def organisations_set_published(*, organisations, published: bool, user=None) -> int:
    """Publish or unpublish `organisations`; return how many changed.

    Each changed record gets a history entry by `user`, as a save from the form would.
    """
    changed = list(
        Organisation.objects.select_for_update()
        .filter(pk__in=[o.pk for o in organisations])
        .exclude(is_published=published)
    )
    now = timezone.now()
    for organisation in changed:
        organisation.is_published = published
        organisation.updated_at = now
    if changed:
        bulk_update_with_history(
            changed, Organisation, ["is_published", "updated_at"], default_user=user
        )
    return len(changed)


def directory_group_ensure(*, using: str = "default") -> Group:
    """Return the staff group "Équipe annuaire", created or completed with the directory's
    permissions (idempotent)."""
    return staff_group_ensure(
        name=DIRECTORY_GROUP,
        permissions=Q(content_type__app_label="structures", content_type__model__in=MANAGED_MODELS)
        | Q(
            content_type__app_label="structures",
            content_type__model__in=READ_ONLY_MODELS,
            codename__startswith="view_",
        ),
        using=using,
    )


@dataclass(frozen=True)
class DerivedSupport:
    """What a record (residency, cohort membership, financing) says about who supports
    whom; `structure_id` or `enterprise_id` None means the record supports no one now."""

    source_id: int
    structure_id: int | None
    enterprise_id: int | None
    kind: str
    start_date: datetime.date | None
    end_date: datetime.date | None = None

    @property
    def is_support(self) -> bool:
        """Return True when the record currently makes a support relation."""
        return bool(self.structure_id and self.enterprise_id and self.start_date)

    @property
    def values(self) -> dict:
        """Return the values of the support row the record makes (who, kind, dates)."""
        return {
            "structure_id": self.structure_id,
            "enterprise_id": self.enterprise_id,
            "kind": self.kind,
            "start_date": self.start_date,
            "end_date": self.end_date,
        }


def _support_match(support: Support, derived: DerivedSupport) -> bool:
    """Give `support` the values `derived` says; return True when one of them changed."""
    values = derived.values
    changed = any(getattr(support, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(support, name, value)
    return changed


@transaction.atomic
def support_derive(*, source: str, derived: DerivedSupport) -> Support | None:
    """Make the directory's support row of one record match it and return the row, or
    delete the row and return None when the record supports no one (a candidate, a
    withdrawn selection, an unpublished financing). Call it from the owning app's
    service, inside the transaction that saves the record."""
    if source == Support.Source.TYPED:
        raise ValueError("A typed support derives from no record.")
    existing = Support.objects.select_for_update().filter(
        source=source, source_id=derived.source_id
    )
    if not derived.is_support:
        existing.delete()
        return None
    support = existing.first()
    if support is None:
        support = Support(source=source, source_id=derived.source_id, **derived.values)
    elif not _support_match(support, derived):
        return support
    support.full_clean(validate_unique=False)
    support.save()
    return support


@transaction.atomic
def support_underive(*, source: str, source_id: int) -> None:
    """Delete the support row derived from one record (the record is being deleted)."""
    Support.objects.filter(source=source, source_id=source_id).delete()


@transaction.atomic
def supports_rederive(*, source: str, records: Iterable[DerivedSupport]) -> dict[str, int]:
    """Make every support row of `source` match `records` (the whole set of that source's
    records); return how many rows were created, updated and deleted. Used to load demo
    data and to rebuild after an import, without typing any relation twice."""
    wanted = {d.source_id: d for d in records if d.is_support}
    current = {s.source_id: s for s in Support.objects.select_for_update().filter(source=source)}
    stale = [
        pk for source_id, pk in ((k, v.pk) for k, v in current.items()) if source_id not in wanted
    ]
    deleted = Support.objects.filter(pk__in=stale).delete()[0] if stale else 0
    created, updated = [], []
    for source_id, derived in wanted.items():
        support = current.get(source_id)
        if support is None:
            created.append(Support(source=source, source_id=source_id, **derived.values))
        elif _support_match(support, derived):
            updated.append(support)
    Support.objects.bulk_create(created)
    if updated:
        Support.objects.bulk_update(
            updated, ["structure", "enterprise", "kind", "start_date", "end_date"]
        )
    return {"created": len(created), "updated": len(updated), "deleted": deleted}


# The words of each record held elsewhere, as one text: its département, its kind or legal
# form (their French labels), ESUS, its thematics, the names of the structures supporting it.
SEARCH_EXTRA_SQL = """
UPDATE structures_organisation AS o
SET search_extra = x.extra
FROM (
    SELECT o2.id,
           concat_ws(' ',
               (SELECT d.name FROM structures_departement d WHERE d.id = o2.departement_id),
               (SELECT k.label
                FROM unnest(%(values)s::text[], %(labels)s::text[]) AS k(value, label)
                WHERE k.value IN (o2.kind, o2.legal_form)
                LIMIT 1),
               CASE WHEN o2.esus THEN 'ESUS' END,
               (SELECT string_agg(t.name, ' ' ORDER BY t.name)
                FROM structures_organisation_thematics ot
                JOIN structures_thematic t ON t.id = ot.thematic_id
                WHERE ot.organisation_id = o2.id),
               (SELECT string_agg(DISTINCT s.name, ' ')
                FROM structures_support sp
                JOIN structures_organisation s ON s.id = sp.structure_id
                WHERE sp.enterprise_id = o2.id AND s.is_published)
           ) AS extra
    FROM structures_organisation o2
    {where}
) AS x
WHERE o.id = x.id AND o.search_extra IS DISTINCT FROM x.extra
"""


def organisations_search_extra_refresh(*, ids=None) -> int:
    """Recompute `search_extra` (département, kind or legal form, thematics, supporters'
    names: they feed the search vector) of the records `ids`, or of every record; return
    how many rows changed."""
    if ids is not None:
        ids = [int(pk) for pk in ids]
        if not ids:
            return 0
    choices = [*Organisation.Kind.choices, *Organisation.LegalForm.choices]
    params = {
        "values": [value for value, _label in choices],
        "labels": [str(label) for _value, label in choices],
        "ids": ids,
    }
    where = "" if ids is None else "WHERE o2.id = ANY(%(ids)s)"
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_EXTRA_SQL.format(where=where), params)
        return cursor.rowcount
