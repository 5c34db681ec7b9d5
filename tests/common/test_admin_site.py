"""The admin site's French labels, its shared actions and exports, autocomplete, and the
staff groups a fresh database holds after migrate."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from fiso.services import TEAM_GROUP as FISO_GROUP
from tests.coventis.factories import RegistrationFactory
from tests.factories import StaffFactory
from tests.fiso.factories import EnvelopeFactory
from tests.realis.factories import BookingFactory
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import ApplicationFactory, make_status
from yess.models import Status

pytestmark = pytest.mark.django_db


def test_groups_hold_their_permissions_after_migrate():
    # The test database comes from migrate: the YESS groups were once empty there because
    # their post_migrate receiver ran before auth had created the permissions.
    team = set(Group.objects.get(name="Équipe YESS").permissions.values_list("codename", flat=True))
    assert {"change_application", "view_session", "view_enterprise"} <= team
    jury = set(Group.objects.get(name="Jury YESS").permissions.values_list("codename", flat=True))
    assert "add_score" in jury and "change_application" not in jury
    audit = Group.objects.get(name="Auditeurs").permissions
    assert audit.filter(content_type__app_label="admin", codename="view_logentry").exists()
    assert not audit.exclude(codename__startswith="view_").exists()


def test_bulk_deletion_reads_well_in_french_whatever_the_gender(admin_client):
    RegistrationFactory()
    EnvelopeFactory()
    html = admin_client.get(reverse("admin:coventis_registration_changelist")).content.decode()
    assert "Supprimer les inscriptions de la sélection" in html
    html = admin_client.get(reverse("admin:fiso_envelope_changelist")).content.decode()
    assert "Supprimer les enveloppes FISO de la sélection" in html
    assert "sélectionnés" not in html


def test_bulk_deletion_still_deletes(admin_client):
    booking = BookingFactory()
    url = reverse("admin:realis_booking_changelist")
    data = {"action": "delete_selected", "_selected_action": [booking.pk]}
    assert "Voulez-vous vraiment supprimer" in admin_client.post(url, data).content.decode()
    admin_client.post(url, {**data, "post": "yes"})
    assert not type(booking).objects.filter(pk=booking.pk).exists()


def test_mfa_models_are_named_in_french(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Double authentification" in html
    assert "Facteurs d&#x27;authentification" in html or "Facteurs d'authentification" in html
    assert "Authenticators" not in html
    assert ">MFA<" not in html


def test_booking_export_is_in_paris_time_with_french_headers(admin_client):
    start = datetime.datetime(2026, 7, 1, 8, 0, 0, 123456, tzinfo=datetime.UTC)  # 10:00 Paris
    booking = BookingFactory(start=start, end=start + datetime.timedelta(hours=1))
    response = admin_client.post(
        reverse("admin:realis_booking_changelist"),
        {"action": "export_csv", "_selected_action": [booking.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = body.splitlines()[:2]
    assert header == "Espace;Début (heure de Paris);Fin (heure de Paris);Entreprise;Objet;Statut"
    assert ";01/07/2026 10:00;01/07/2026 11:00;" in row
    assert "+00:00" not in body and ".123456" not in body


def test_fiso_team_picks_an_enterprise_by_name_through_autocomplete(client):
    user = StaffFactory(groups=[FISO_GROUP])
    client.force_login(user)
    EnterpriseFactory(name="Coopérative Terres de Lozère")
    EnterpriseFactory(name="Recyclerie <script>alert(1)</script>")
    form = client.get(reverse("admin:fiso_financing_add")).content.decode()
    assert 'class="admin-autocomplete' in form
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "lozère",
            "app_label": "fiso",
            "model_name": "financing",
            "field_name": "enterprise",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Coopérative Terres de Lozère"]


def test_jurors_are_picked_among_the_jury(admin_client):
    juror = StaffFactory(name="Paul Fabre", groups=["Jury YESS"])
    StaffFactory(name="Quelqu'un d'autre")
    html = admin_client.get(reverse("admin:yess_juryassignment_add")).content.decode()
    assert "Paul Fabre" in html or juror.email in html
    assert "Quelqu&#x27;un d&#x27;autre" not in html


def test_every_change_list_has_a_search_box():
    from django.contrib import admin

    portal_apps = {"structures", "fiso", "realis", "yess", "coventis"}
    missing = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in portal_apps
        and not model_admin.search_fields
        and model._meta.model_name not in {"organisation"}
    ]
    assert missing == []


def test_staff_tools_are_linked_from_the_change_pages(admin_client):
    application = make_status(ApplicationFactory(), Status.SUBMITTED)
    html = admin_client.get(
        reverse("admin:yess_call_change", args=[application.call_id])
    ).content.decode()
    assert reverse("yess:ranking", args=[application.call.year]) in html
    html = admin_client.get(reverse("admin:realis_booking_changelist")).content.decode()
    assert reverse("realis:calendar") in html
    html = admin_client.get(
        reverse("admin:yess_application_change", args=[application.pk])
    ).content.decode()
    assert f"{reverse('admin:journal')}?model=yess.application&amp;object_id={application.pk}" in (
        html
    )


def test_permission_rows_exist_for_the_journal():
    assert Permission.objects.filter(codename="view_logentry").exists()


def test_an_applications_funding_needs_read_in_euros(admin_client):
    application = make_status(ApplicationFactory(funding_needs=60000), Status.SUBMITTED)
    html = admin_client.get(
        reverse("admin:yess_application_change", args=[application.pk])
    ).content.decode()
    assert "60\xa0000\xa0€" in html
    assert "60000,00" not in html


def test_a_financing_reads_its_amount_in_french():
    from tests.fiso.factories import PublicFinancingFactory

    financing = PublicFinancingFactory(
        enterprise=EnterpriseFactory(name="V@SI"), amount=60000, decision_date="2016-03-15"
    )
    financing.refresh_from_db()
    assert str(financing) == "V@SI — 60\xa0000\xa0€ (2016)"


def test_the_repayment_schedule_download_dates_read_in_french(client):
    from tests.fiso.factories import FinancingFactory

    financing = FinancingFactory(
        status="accorde", decision_date="2026-01-15", instalment_count=4, deferral_months=0
    )
    user = StaffFactory(groups=[FISO_GROUP])
    client.force_login(user)
    response = client.get(reverse("fiso:schedule_csv", args=[financing.pk]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    first = body.splitlines()[1].split(";")
    assert first[0] == "1"
    assert len(first[1]) == 10 and first[1][2] == "/" and first[1][5] == "/"
