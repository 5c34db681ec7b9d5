import pytest
from django.contrib.auth.models import Group

from structures import services
from structures.models import Organisation
from tests.factories import StaffFactory
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db


def test_set_published_changes_only_what_differs_and_records_history():
    staff = StaffFactory()
    hidden = EnterpriseFactory(is_published=False)
    shown = SupportStructureFactory(is_published=True)
    count = services.organisations_set_published(
        organisations=Organisation.objects.all(), published=True, user=staff
    )
    assert count == 1
    hidden.refresh_from_db()
    assert hidden.is_published
    latest = hidden.history.first()
    assert latest.is_published and latest.history_user == staff and latest.history_type == "~"
    assert shown.history.count() == 1  # creation only: it was already published


def test_set_published_can_unpublish():
    records = EnterpriseFactory.create_batch(3)
    assert services.organisations_set_published(organisations=records, published=False) == 3
    assert not Organisation.objects.published().exists()


def test_directory_group_exists_after_migrate_with_the_directory_permissions():
    group = Group.objects.get(name=services.DIRECTORY_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "add_enterprise",
        "change_enterprise",
        "change_supportstructure",
        "delete_support",
        "change_thematic",
        "view_departement",
        "view_historicalorganisation",
    } <= codenames
    assert "change_departement" not in codenames
    assert "change_user" not in codenames


def test_directory_group_ensure_is_idempotent():
    first = services.directory_group_ensure()
    count = first.permissions.count()
    again = services.directory_group_ensure()
    assert again.pk == first.pk and again.permissions.count() == count
    assert Group.objects.filter(name=services.DIRECTORY_GROUP).count() == 1
