"""What REALIS adds to shared pages: figures, panels, personal data, deletion, sitemap,
demo data, and the team's staff group."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from occitanie_ess.common import registry
from realis import contributions, seed
from realis.models import Booking, CoachingSession, Residency, Space
from realis.services import TEAM_GROUP, team_group_ensure
from tests.factories import StaffFactory, UserFactory
from tests.realis.factories import (
    AlumnusResidencyFactory,
    BookingFactory,
    MembershipFactory,
    ResidencyFactory,
    resident_user,
)
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/compte/")
    request.user = user
    return request


def test_home_figure_counts_current_residents(django_assert_num_queries):
    ResidencyFactory()
    ResidencyFactory()
    AlumnusResidencyFactory()
    with django_assert_num_queries(1):
        figures = list(contributions.figures())
    assert [f.value for f in figures] == [2]
    assert figures[0].url == reverse("realis:index")
    assert any(f.label == figures[0].label for f in registry.collect_figures())


def test_directory_panel_shows_the_residency_in_one_query(django_assert_num_queries):
    residency = AlumnusResidencyFactory()
    with django_assert_num_queries(1):
        panel = contributions.enterprise_panel(residency.enterprise, None)
    assert panel.template_name == "realis/panels/enterprise.html"
    assert panel.context["residencies"] == [residency]
    assert contributions.enterprise_panel(EnterpriseFactory(), None) is None
    structure = SupportStructureFactory()
    with django_assert_num_queries(0):
        assert contributions.enterprise_panel(structure, None) is None


def test_directory_panel_template_renders():
    from django.template.loader import render_to_string

    residency = AlumnusResidencyFactory(settled_commune="Sète")
    html = render_to_string(
        "realis/panels/enterprise.html", {"panel": {"residencies": [residency]}}
    )
    assert "Ancienne résidente" in html and "Sète" in html


def test_directory_page_of_an_alumnus_shows_its_residency(client):
    residency = AlumnusResidencyFactory(settled_commune="Sète")
    response = client.get(residency.enterprise.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hébergée par la pépinière REALIS" in html
    assert "implantée ensuite à Sète" in html


def test_account_panel_lists_upcoming_bookings_with_cancel_links(client):
    user = resident_user()
    enterprise = user.realis_memberships.get().enterprise
    booking = BookingFactory(enterprise=enterprise)
    now = timezone.now()
    BookingFactory(
        enterprise=enterprise,
        space=booking.space,
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=3) + datetime.timedelta(hours=1),
    )
    panel = contributions.account_panel(request_for(user))
    assert panel.context["bookings"] == [booking]
    assert contributions.account_panel(request_for(UserFactory())) is None
    client.force_login(user)
    html = client.get(reverse("account_space")).content.decode()
    assert reverse("realis:booking_cancel", args=[booking.pk]) in html


def test_personal_data_lists_memberships_and_bookings():
    user = resident_user()
    enterprise = user.realis_memberships.get().enterprise
    BookingFactory(enterprise=enterprise, booked_by=user, purpose="Atelier")
    data = registry.collect_personal_data(user)["realis"]
    assert data["memberships"][0]["enterprise"] == enterprise.name
    assert data["bookings"][0]["purpose"] == "Atelier"
    json.dumps(data, cls=DjangoJSONEncoder)  # exportable as JSON


def test_account_deletion_removes_future_bookings_and_memberships():
    user = resident_user()
    enterprise = user.realis_memberships.get().enterprise
    BookingFactory(enterprise=enterprise, booked_by=user)
    registry.run_account_deletion(user)
    assert not Booking.objects.exists()
    user.delete()
    assert not enterprise.realis_members.exists()


def test_sitemap_lists_the_realis_page(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert "/realis/</loc>" in response.content.decode()


def test_seeder_is_idempotent_and_records_vasi_as_an_alumnus():
    vasi = EnterpriseFactory(name="V@SI", slug="vasi")
    for number in range(1, 18):
        EnterpriseFactory(slug=f"exemple-{number}", is_example=True)
    out = io.StringIO()
    seed.seed(stdout=out, options={})
    counts = (Space.objects.count(), Residency.objects.count(), CoachingSession.objects.count())
    seed.seed(stdout=out, options={})
    assert (
        Space.objects.count(),
        Residency.objects.count(),
        CoachingSession.objects.count(),
    ) == counts
    residency = Residency.objects.get(enterprise=vasi)
    assert residency.status == Residency.Status.ALUMNUS
    assert (residency.entry_date.year, residency.actual_exit_date.year) == (2015, 2018)
    assert Residency.objects.current().count() == 10
    assert Residency.objects.exit_due_within(92).exists()
    assert Space.objects.filter(is_bookable=True).count() >= 3
    assert Space.objects.filter(kind=Space.Kind.OFFICE).exists()
    if timezone.localdate() >= datetime.date(timezone.localdate().year, 1, 8):
        assert CoachingSession.objects.filter(date__year=timezone.localdate().year).exists()
    # Nobody is coached before entering the pépinière (nor after leaving it).
    for session in CoachingSession.objects.prefetch_related("enterprises"):
        for enterprise in session.enterprises.all():
            assert Residency.objects.covering(session.date).filter(enterprise=enterprise).exists()


def test_team_group_holds_realis_permissions_idempotently():
    # Created by the post_migrate handler when the test database was migrated.
    assert Group.objects.filter(name=TEAM_GROUP).exists()
    team_group_ensure()
    group = team_group_ensure()
    assert Group.objects.filter(name=TEAM_GROUP).count() == 1
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ("residency", "booking", "coachingsession", "space", "membership"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
    assert "view_user" in codenames


def test_team_member_reaches_the_realis_admin(client, settings):
    staff = StaffFactory()
    staff.groups.add(team_group_ensure())
    client.force_login(staff)
    assert client.get(reverse("admin:realis_residency_changelist")).status_code == 200
    assert client.get(reverse("admin:realis_booking_changelist")).status_code == 200
    # A member of the team is not a member of a resident enterprise.
    MembershipFactory(user=staff)
    assert client.get(reverse("admin:realis_coachingsession_changelist")).status_code == 200
