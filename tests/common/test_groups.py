"""The staff groups: every app declares its own in contributions.py and one post_migrate
receiver of the common app ensures them."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from occitanie_ess.common.groups import AUDIT_GROUP, staff_groups_post_migrate

pytestmark = pytest.mark.django_db

GROUPS = {
    "Équipe annuaire",
    "Équipe FISO",
    "Équipe REALIS",
    "Équipe YESS",
    "Jury YESS",
    "Organisation Coventis",
    AUDIT_GROUP,
}


def test_every_app_group_exists_after_migrate_with_permissions():
    groups = Group.objects.filter(name__in=GROUPS)
    assert {g.name for g in groups} == GROUPS
    assert all(group.permissions.exists() for group in groups)


def test_an_app_migrate_ensures_its_own_groups_and_the_auditors():
    Group.objects.filter(name__in=GROUPS).delete()
    staff_groups_post_migrate(sender=apps.get_app_config("yess"), using="default")
    assert set(Group.objects.filter(name__in=GROUPS).values_list("name", flat=True)) == {
        "Équipe YESS",
        "Jury YESS",
        AUDIT_GROUP,
    }
    jury = Group.objects.get(name="Jury YESS").permissions
    assert jury.filter(codename="add_score").exists()
    assert not jury.filter(codename="change_application").exists()
