import io

import pytest
from django.test import RequestFactory
from django.urls import reverse

from coventis import contributions
from coventis.models import Edition, Exhibitor, MeetingSlot, ProgrammeItem, Registration
from coventis.seed import seed
from occitanie_ess.common import registry
from tests.coventis.factories import (
    ExhibitorFactory,
    MeetingRequestFactory,
    PastEditionFactory,
    RegistrationFactory,
)
from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db


def test_home_figure_counts_editions():
    PastEditionFactory.create_batch(3)
    figures = contributions.figures()
    assert [f.value for f in figures] == [3]
    assert figures[0].url == reverse("coventis:index")


def test_enterprise_panel_lists_participations_in_one_query(django_assert_num_queries):
    enterprise = EnterpriseFactory()
    ExhibitorFactory(enterprise=enterprise, edition=PastEditionFactory(year=2023))
    ExhibitorFactory(enterprise=enterprise, edition=PastEditionFactory(year=2025))
    ExhibitorFactory()
    with django_assert_num_queries(1):
        panel = contributions.enterprise_panel(enterprise, None)
    assert [e.edition.year for e in panel.context["participations"]] == [2025, 2023]
    assert contributions.enterprise_panel(EnterpriseFactory(), None) is None
    assert contributions.enterprise_panel(SupportStructureFactory(), None) is None
    # Registered with the shared registry, and rendered without unknown variables.
    assert any(
        p.template_name == panel.template_name for p in registry.collect_panels(enterprise, None)
    )
    from django.template.loader import render_to_string

    text = render_to_string(panel.template_name, {"panel": panel.context})
    assert "Participations à Coventis" in text and "/coventis/2025/" in text


def test_account_panel_lists_registrations_and_meetings():
    meeting = MeetingRequestFactory()
    request = RequestFactory().get("/compte/")
    request.user = meeting.buyer.user
    panel = contributions.account_panel(request)
    assert panel.context["registrations"] == [meeting.buyer]
    assert panel.context["meetings"] == [meeting]
    request.user = UserFactory()
    assert contributions.account_panel(request) is None


def test_account_space_shows_the_coventis_panel(client):
    meeting = MeetingRequestFactory()
    client.force_login(meeting.exhibitor.registration.user)
    text = client.get(reverse("account_space")).content.decode()
    assert "Coventis : mes inscriptions et rendez-vous" in text
    assert meeting.get_absolute_url() in text


def test_personal_data_export_and_account_deletion_are_registered():
    meeting = MeetingRequestFactory()
    user = meeting.buyer.user
    data = registry.collect_personal_data(user)["coventis"]
    assert data["inscriptions"][0]["categorie"] == "acheteur"
    assert data["rendez_vous"][0]["exposant"] == meeting.exhibitor.enterprise.name
    past = RegistrationFactory(user=user, edition=PastEditionFactory())
    registry.run_account_deletion(user)
    assert list(Registration.objects.filter(user=user)) == []
    past.refresh_from_db()
    assert past.user is None


def test_sitemap_lists_editions(client):
    PastEditionFactory(year=2023)
    sitemap = registry.sitemaps()["coventis"]()
    assert [item.year for item in sitemap.items()] == [2023]
    assert sitemap.location(sitemap.items()[0]) == "/coventis/2023/"


def test_seeder_loads_the_history_and_an_open_edition_idempotently():
    for number in range(1, 21):
        EnterpriseFactory(slug=f"exemple-{number}", is_example=True)
    out = io.StringIO()
    seed(stdout=out, options={})
    counts = (
        Edition.objects.count(),
        ProgrammeItem.objects.count(),
        MeetingSlot.objects.count(),
        Exhibitor.objects.count(),
    )
    seed(stdout=out, options={})
    assert counts == (
        Edition.objects.count(),
        ProgrammeItem.objects.count(),
        MeetingSlot.objects.count(),
        Exhibitor.objects.count(),
    )
    first = Edition.objects.order_by("year").first()
    assert (first.year, first.city, first.kind) == (2005, "Montpellier", "rencontres")
    years = list(Edition.objects.order_by("year").values_list("year", flat=True))
    assert years == list(range(2005, 2029, 2))  # biennial since 2005
    upcoming = Edition.objects.get(year=2027)
    assert upcoming.registration_open and upcoming.registration_closes_at
    assert upcoming.is_example
    assert upcoming.exhibitors.count() == 12
    assert all(e.enterprise.is_example for e in upcoming.exhibitors.all())
    assert ProgrammeItem.objects.filter(edition=upcoming).count() == 12
    assert seed in registry.seeders()


def test_seeder_runs_without_generated_enterprises():
    seed(stdout=io.StringIO(), options={})
    assert Edition.objects.get(year=2027).exhibitors.count() == 0
