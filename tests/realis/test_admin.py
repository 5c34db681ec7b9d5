"""The REALIS team's admin: capacity in use, exit alerts, exports, coaching sessions."""

import datetime
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from realis.admin import ResidencyAdmin
from realis.forms import CoachingSessionForm
from realis.models import Booking, CoachingSession, Residency
from tests.realis.factories import (
    AlumnusResidencyFactory,
    BookingFactory,
    CoachingSessionFactory,
    ResidencyFactory,
)
from tests.structures.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def leaving_soon():
    today = timezone.localdate()
    return ResidencyFactory(
        entry_date=today - datetime.timedelta(days=1000),
        planned_exit_date=today + datetime.timedelta(days=30),
    )


def test_residency_changelist_shows_capacity_and_exit_alerts(
    admin_client, settings, django_assert_max_num_queries
):
    settings.REALIS_CAPACITY = 30
    soon = leaving_soon()
    later = ResidencyFactory()
    AlumnusResidencyFactory()
    CoachingSessionFactory(enterprises=[later.enterprise])
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse("admin:realis_residency_changelist"))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "2 entreprises résidentes pour 30 places (7 %), 28 places libres" in html
    assert "1 sortie prévue dans les trois mois" in html
    assert html.count('class="realis-alert"') == 2  # the header and the highlighted row
    assert "Sortie dans 30 jours" in html
    assert '<td class="field-coaching_hours">2,5</td>' in html  # coaching hours received
    filtered = admin_client.get(reverse("admin:realis_residency_changelist"), {"sortie": "3mois"})
    assert list(filtered.context["cl"].queryset) == [soon]


def test_residency_admin_refuses_more_than_three_years_in_french(admin_client):
    enterprise = EnterpriseFactory()
    response = admin_client.post(
        reverse("admin:realis_residency_add"),
        {
            "enterprise": enterprise.pk,
            "status": "resident",
            "entry_date": "29/02/2024",
            "planned_exit_date": "01/03/2027",
            "still_active": "on",
        },
    )
    assert response.status_code == 200
    assert "dure au plus trois ans" in unescape(response.content.decode())
    assert not Residency.objects.exists()
    response = admin_client.post(
        reverse("admin:realis_residency_add"),
        {
            "enterprise": enterprise.pk,
            "status": "resident",
            "entry_date": "29/02/2024",
            "planned_exit_date": "28/02/2027",
            "still_active": "on",
        },
    )
    assert response.status_code == 302
    assert Residency.objects.get().planned_exit_date == datetime.date(2027, 2, 28)


def test_residency_csv_export_neutralises_formulas(admin_client):
    ResidencyFactory(enterprise=EnterpriseFactory(name="=HYPERLINK(1)"))
    response = admin_client.post(
        reverse("admin:realis_residency_changelist"),
        {
            "action": "export_csv",
            "_selected_action": Residency.objects.values_list("pk", flat=True),
        },
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Entreprise;Statut;Entrée;Sortie prévue")
    assert "'=HYPERLINK(1)" in body


def test_booking_admin_cancels_and_exports(admin_client):
    booking = BookingFactory()
    url = reverse("admin:realis_booking_changelist")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"action": "export_csv", "_selected_action": [booking.pk]})
    assert booking.space.name in b"".join(response.streaming_content).decode("utf-8-sig")
    admin_client.post(url, {"action": "cancel_bookings", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_staff_cancel_bookings_through_the_service_leaving_cancelled_ones_as_they_were(
    admin_client,
):
    from django.contrib.messages import get_messages

    from realis.services import bookings_cancel

    confirmed = BookingFactory()
    earlier = timezone.now() - datetime.timedelta(days=3)
    cancelled = BookingFactory(
        start=confirmed.start + datetime.timedelta(hours=2),
        end=confirmed.start + datetime.timedelta(hours=3),
        space=confirmed.space,
        status=Booking.Status.CANCELLED,
        cancelled_at=earlier,
    )
    response = admin_client.post(
        reverse("admin:realis_booking_changelist"),
        {"action": "cancel_bookings", "_selected_action": [confirmed.pk, cancelled.pk]},
        follow=True,
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 réservation annulée."]
    confirmed.refresh_from_db()
    cancelled.refresh_from_db()
    assert confirmed.status == Booking.Status.CANCELLED and confirmed.cancelled_at is not None
    assert cancelled.cancelled_at == earlier
    assert bookings_cancel(bookings=Booking.objects.all()) == 0


def test_coaching_export_and_list(admin_client):
    session = CoachingSessionFactory(enterprises=[EnterpriseFactory(name="Coop Alpha")])
    url = reverse("admin:realis_coachingsession_changelist")
    assert "Coop Alpha" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"action": "export_csv", "_selected_action": [session.pk]})
    assert "Coop Alpha" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_individual_session_concerns_one_enterprise():
    first, second = EnterpriseFactory(), EnterpriseFactory()
    for enterprise in (first, second):
        ResidencyFactory(enterprise=enterprise, entry_date=datetime.date(2025, 9, 1))
    data = {
        "date": "2026-03-10",
        "kind": CoachingSession.Kind.INDIVIDUAL,
        "topic": "Prévisionnel",
        "hours": "1.5",
        "coach": "Équipe REALIS",
        "enterprises": [first.pk, second.pk],
    }
    form = CoachingSessionForm(data)
    assert not form.is_valid()
    assert form.errors["enterprises"] == ["Une séance individuelle concerne une seule entreprise."]
    form = CoachingSessionForm({**data, "enterprises": [first.pk]})
    assert form.is_valid(), form.errors
    form = CoachingSessionForm({**data, "hours": "0"})
    assert not form.is_valid()


@pytest.mark.parametrize(
    "model", ["residency", "membership", "space", "sharedservice", "booking", "coachingsession"]
)
def test_admin_pages_render(admin_client, model):
    assert admin_client.get(reverse(f"admin:realis_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:realis_{model}_add")).status_code == 200


def test_coaching_counts_only_enterprises_in_residence_on_the_day():
    """A session before an enterprise's entry (or after its exit) is refused for it, and
    the hours an enterprise received count only sessions during its residency."""
    newcomer = EnterpriseFactory(name="Arrivée Récente")
    ResidencyFactory(enterprise=newcomer, entry_date=datetime.date(2026, 3, 1))
    data = {
        "date": "2026-01-08",
        "kind": CoachingSession.Kind.COLLECTIVE,
        "topic": "Modèle économique",
        "hours": "3",
        "coach": "Équipe REALIS",
        "enterprises": [newcomer.pk],
    }
    form = CoachingSessionForm(data)
    assert not form.is_valid()
    assert "ne l'étaient pas le 08/01/2026 : Arrivée Récente" in form.errors["enterprises"][0]
    assert CoachingSessionForm({**data, "date": "2026-03-02"}).is_valid()
    CoachingSessionFactory(date=datetime.date(2026, 1, 8), enterprises=[newcomer])  # typed before
    CoachingSessionFactory(date=datetime.date(2026, 3, 2), enterprises=[newcomer])
    residency = ResidencyAdmin(Residency, admin.site).get_queryset(None).get(enterprise=newcomer)
    assert residency.hours_received == CoachingSessionFactory.hours
