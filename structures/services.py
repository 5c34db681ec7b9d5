"""Writes of the directory that follow rules: publication, staff group."""

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from occitanie_ess.common.groups import staff_group_ensure
from structures.models import Organisation

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


@transaction.atomic
def directory_group_ensure(*, using: str = "default") -> Group:
    """Return the staff group "Équipe annuaire" with the directory's permissions (idempotent)."""
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


def directory_group_ensure_handler(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: keep the directory team's group and permissions current."""
    directory_group_ensure(using=using)


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
