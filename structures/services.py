"""Writes of the directory that follow rules: publication, staff group."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

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
    group, _created = Group.objects.using(using).get_or_create(name=DIRECTORY_GROUP)
    content_types = ContentType.objects.db_manager(using).filter(app_label="structures")
    permissions = (
        Permission.objects.using(using)
        .filter(content_type__in=content_types)
        .select_related("content_type")
    )
    wanted = [
        p
        for p in permissions
        if p.content_type.model in MANAGED_MODELS
        or (p.content_type.model in READ_ONLY_MODELS and p.codename.startswith("view_"))
    ]
    group.permissions.add(*wanted)
    return group


def directory_group_ensure_handler(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: keep the directory team's group and permissions current."""
    directory_group_ensure(using=using)
