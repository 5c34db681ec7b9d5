"""The admin's home page: each role sees its own dashboard, built from the blocks that
the apps register, with true figures and an « À faire » list linking to filtered lists."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from occitanie_ess.common.registry import collect_admin_dashboard
from tests.checks import page_text
from tests.common.back_office import back_office
from tests.factories import StaffFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return back_office()


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    return html


def test_yess_team_sees_applications_by_status_deadline_and_decisions(client, office):
    page = page_text(home(client, office.staff["yess"]))
    assert "YESS Académie : appel 2027" in page
    assert "Date limite de dépôt" in page
    assert "Déposée 3" in page
    assert "En cours d'examen 2" in page
    assert "Retenue pour un entretien 1" in page
    # « À faire »: 3 to move to review, 3 awaiting a decision (2 in review + 1 shortlisted).
    assert "Candidatures YESS déposées, à passer en examen 3" in page
    assert "Candidatures YESS en attente de décision 3" in page
    # Nothing from the other roles.
    assert "FISO" not in page
    assert "REALIS" not in page
    assert "Coventis" not in page
    html = home(client, office.staff["yess"])
    assert reverse("yess:ranking", args=[2027]) in html
    assert reverse("admin:yess_juryassignment_changelist") in html
    assert "status__in=under_review,shortlisted,waiting_list" in html


def test_the_todo_links_open_the_filtered_lists(client, office):
    html = home(client, office.staff["yess"])
    url = re.search(r'href="([^"]+status__in=under_review[^"]*)"', html).group(1)
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


def test_fiso_team_sees_the_true_envelope_unpublished_included(client, office):
    page = page_text(home(client, office.staff["fiso"]))
    assert "Capacité d'intervention 2 300 000 €" in page
    # 60 000 + 45 000 (public) + 80 000 (unpublished) + 40 000 (disbursed) = 225 000.
    assert "Engagé (accordé et au-delà) 225 000 €" in page
    assert "Décaissé 40 000 €" in page
    assert "Remboursé 12 500,50 €" in page
    assert "Restant à engager 2 075 000 €" in page
    assert "Financements engagés non publiés 1" in page
    assert "Financements FISO en attente de décision 2" in page
    assert "YESS" not in page
    html = home(client, office.staff["fiso"])
    assert reverse("admin:fiso_envelope_dashboard", args=[office.envelope.pk]) in html


def test_realis_team_sees_occupancy_bookings_and_exits(client, office):
    page = page_text(home(client, office.staff["realis"]))
    assert "Entreprises hébergées 12 / 30" in page
    assert "Espaces réservés cette semaine 1 / 2" in page
    assert "Résidences qui se terminent dans les trois mois 1" in page
    assert "Calendrier des réservations" in page
    assert "FISO" not in page


def test_coventis_team_sees_registrations_requests_and_days_to_go(client, office):
    page = page_text(home(client, office.staff["coventis"]))
    assert f"Édition {office.claim.edition.year} dans 40 jours" in page
    # 3 visitors, 1 buyer, 1 exhibitor, 1 claim, plus the request's buyer and exhibitor.
    assert "Inscriptions 8" in page
    assert "Demandes d'exposant à confirmer 1" in page
    assert "Rendez-vous d'affaires en attente de réponse 1" in page
    assert "YESS" not in page


def test_directory_team_sees_unpublished_and_stale_records(client, office):
    from structures.models import Enterprise

    Enterprise.objects.filter(name="V@SI").update(last_verified=timezone.localdate())
    Enterprise.objects.filter(name="Coopérative Terres de Lozère").update(is_published=False)
    page = page_text(home(client, office.staff["annuaire"]))
    total = Enterprise.objects.count()
    assert f"Entreprises sociales {total}" in page
    assert "Entreprises non publiées 1" in page
    assert f"Fiches d'entreprise à vérifier (plus d'un an ou jamais) {total - 1}" in page
    assert "Financements FISO" not in page
    # Teams that only read the directory do not get its block.
    assert "Fiches d'entreprise à vérifier" not in page_text(home(client, office.staff["fiso"]))


def test_the_stale_filter_lists_records_due_for_a_check(client, office):
    from structures.models import Enterprise

    Enterprise.objects.exclude(name="V@SI").update(last_verified=timezone.localdate())
    client.force_login(office.staff["annuaire"])
    response = client.get(
        reverse("admin:structures_enterprise_changelist"), {"verification": "a-verifier"}
    )
    assert [e.name for e in response.context["cl"].result_list] == ["V@SI"]


def test_a_juror_sees_only_what_is_left_to_score(client, office):
    page = page_text(home(client, office.staff["jury"]))
    assert "Candidatures YESS à noter 1" in page
    assert "Déposée" not in page
    assert "FISO" not in page


def test_staff_without_a_group_gets_an_empty_todo_and_no_block(client, office):
    page = page_text(home(client, StaffFactory()))
    assert "À faire" not in page


def test_the_superuser_sees_every_block_in_order(rf, office):
    request = rf.get("/")
    request.user = SuperuserFactory()
    titles = [block.title for block in collect_admin_dashboard(request)]
    assert titles[0] == "YESS Académie : appel 2027"
    assert titles[1].startswith("FISO")
    assert titles[2:] == ["Pépinière REALIS", "Coventis", "Annuaire"]


def test_the_dashboard_runs_a_bounded_number_of_queries(
    client, office, django_assert_max_num_queries
):
    client.force_login(SuperuserFactory())
    with django_assert_max_num_queries(40):
        assert client.get(reverse("admin:index")).status_code == 200
