"""REALIS pages: the public page, the calendar, booking, a booking, its cancellation."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from realis.models import BOOKING_OVERLAP_MESSAGE, Booking
from tests.checks import run_concurrently
from tests.factories import UserFactory
from tests.realis.factories import (
    AlumnusResidencyFactory,
    BookingFactory,
    CoachingSessionFactory,
    MembershipFactory,
    OfficeFactory,
    ResidencyFactory,
    SharedServiceFactory,
    SpaceFactory,
    at,
    next_weekday,
    resident_user,
)
from tests.structures.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def week_of(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def booking_data(space, day, start="10:00", end="11:00", **extra):
    return {
        "space": space.slug,
        "date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "purpose": "Réunion",
        **extra,
    }


# --- /realis/ ---------------------------------------------------------------------------


def test_index_shows_residents_alumni_spaces_and_figures(client, django_assert_max_num_queries):
    residents = [ResidencyFactory(office=OfficeFactory()) for _ in range(5)]
    hidden = ResidencyFactory(enterprise=EnterpriseFactory(is_published=False))
    vasi = AlumnusResidencyFactory(enterprise=EnterpriseFactory(name="V@SI", slug="vasi"))
    AlumnusResidencyFactory(still_active=False)
    SpaceFactory(name="Salle Garrigue")
    SharedServiceFactory(name="Reprographie")
    CoachingSessionFactory(enterprises=[residents[0].enterprise])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("realis:index"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert html.count("<h1") == 1
    for residency in residents:
        assert f'href="{residency.enterprise.get_absolute_url()}"' in html
    assert hidden.enterprise.name not in html
    assert f'href="{vasi.enterprise.get_absolute_url()}"' in html
    assert "Salle Garrigue" in html and "Reprographie" in html
    assert "une trentaine d'entreprises" in html
    assert html.count('<figure class="chart"') == 3
    assert "<svg" in html and "<caption" in html
    assert response.context["figures"]["residents"] == 6  # the unpublished one is hosted too
    assert response.context["figures"]["coaching_hours"] == 2.5
    assert response.context["figures"]["alumni_active"] == 1


def test_index_coaching_chart_rounds_hours_half_up(client):
    # The one decimal formatter (occitanie_ess.common.formats.decimal_fr) rounds; Django's
    # number_format alone truncated 1.25 h to « 1,2 h ».
    CoachingSessionFactory(hours=Decimal("1.25"))
    html = unescape(client.get(reverse("realis:index")).content.decode())
    assert "1,3 h" in html and "1,2 h" not in html


def test_index_query_count_does_not_grow_with_residents(client, django_assert_max_num_queries):
    for _ in range(30):
        ResidencyFactory()
        AlumnusResidencyFactory()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("realis:index")).status_code == 200


# --- calendar ---------------------------------------------------------------------------


def test_calendar_needs_login(client):
    response = client.get(reverse("realis:calendar"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_calendar_shows_the_week_with_links_and_navigation(client, django_assert_max_num_queries):
    user = resident_user()
    enterprise = user.realis_memberships.get().enterprise
    space = SpaceFactory(name="Salle du Lez")
    other_space = SpaceFactory(name="Agora", kind="commun")
    day = next_weekday(7)
    own = BookingFactory(space=space, enterprise=enterprise, start=at(day, 10), end=at(day, 11))
    BookingFactory(
        space=other_space,
        enterprise=ResidencyFactory().enterprise,
        start=at(day, 14),
        end=at(day, 15),
    )
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("realis:calendar"), {"semaine": week_of(day)})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert html.count("<h1") == 1
    assert html.count('<table class="realis-calendar">') == 2
    assert 'scope="col"' in html and 'scope="row"' in html
    assert reverse("realis:booking_detail", args=[own.pk]) in html
    assert "Réservé" in html
    # The other enterprise's name never shows; free slots link to the prefilled form.
    assert f"espace={space.slug}&date={day.isoformat()}&debut=12:00&fin=13:00" in html
    previous = week_of(day - datetime.timedelta(days=7))
    following = week_of(day + datetime.timedelta(days=7))
    assert f'href="?semaine={previous}"' in html and f'href="?semaine={following}"' in html


def test_calendar_hides_other_enterprise_names(client):
    other = ResidencyFactory(enterprise=EnterpriseFactory(name="Entreprise Secrète")).enterprise
    space = SpaceFactory()
    day = next_weekday(7)
    BookingFactory(space=space, enterprise=other, start=at(day, 10), end=at(day, 11))
    client.force_login(resident_user())
    html = unescape(
        client.get(reverse("realis:calendar"), {"semaine": week_of(day)}).content.decode()
    )
    assert "Entreprise Secrète" not in html


def test_calendar_for_a_non_resident_explains_and_offers_no_booking_link(client):
    SpaceFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("realis:calendar"), {"semaine": week_of(next_weekday(7))})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Seuls les membres d'une entreprise résidente" in html
    assert reverse("realis:booking_create") + "?" not in html


@pytest.mark.parametrize(
    "week", ["2026-W54", "2026-W00", "abc", "2026W49", "99999-W01", "-W", "1500-W10", "2026-W4x"]
)
def test_calendar_invalid_week_is_a_french_error_not_a_500(client, week):
    client.force_login(resident_user())
    response = client.get(reverse("realis:calendar"), {"semaine": week})
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "n'est pas une semaine valide" in html or "entre 2000 et 2100" in html
    assert "Voici la semaine en cours" in html


# --- booking ----------------------------------------------------------------------------


def test_booking_form_is_prefilled_from_the_calendar_link(client):
    user = resident_user()
    space = SpaceFactory()
    day = next_weekday()
    client.force_login(user)
    response = client.get(
        reverse("realis:booking_create"),
        {"espace": space.slug, "date": day.isoformat(), "debut": "14:00", "fin": "15:00"},
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f'value="{day:%d/%m/%Y}"' in html
    assert '<option value="14:00" selected>' in html
    assert '<option value="15:00" selected>' in html
    assert f'<option value="{space.slug}" selected>' in html
    for name in ("space", "date", "start_time", "end_time", "purpose"):
        assert f'<label for="id_{name}"' in html


def test_booking_form_with_an_invalid_date_in_the_address_explains(client):
    client.force_login(resident_user())
    response = client.get(reverse("realis:booking_create"), {"date": "2026-13-45"})
    assert response.status_code == 200
    assert "La date indiquée dans l'adresse n'est pas valide" in unescape(response.content.decode())


def test_resident_books_and_lands_on_the_booking(client):
    user = resident_user()
    space = SpaceFactory()
    day = next_weekday()
    client.force_login(user)
    response = client.post(reverse("realis:booking_create"), booking_data(space, day), follow=True)
    booking = Booking.objects.get()
    assert response.redirect_chain[-1][0] == reverse("realis:booking_detail", args=[booking.pk])
    assert booking.start == at(day, 10) and booking.end == at(day, 11)
    assert "Votre réservation est enregistrée" in unescape(response.content.decode())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "31/02/2026", "Saisissez une date valide"),
        ("date", "n'importe quoi", "Saisissez une date valide"),
        ("date", "", "Ce champ est obligatoire"),
        ("start_time", "25:00", "Sélectionnez un choix valide"),
        ("end_time", "09:00", "L'heure de fin doit suivre"),
        ("space", "inconnue", "Choisissez un espace réservable"),
    ],
)
def test_invalid_booking_input_is_a_french_error(client, field, value, message):
    client.force_login(resident_user())
    space = SpaceFactory()
    data = booking_data(space, next_weekday())
    data[field] = value
    response = client.post(reverse("realis:booking_create"), data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert message in html
    assert "Le formulaire contient des erreurs" in html
    assert not Booking.objects.exists()


def test_rule_errors_show_in_the_form(client):
    client.force_login(resident_user())
    space = SpaceFactory()
    day = next_weekday()
    response = client.post(
        reverse("realis:booking_create"), booking_data(space, day, "08:00", "13:00")
    )
    assert "au plus 4 heures" in unescape(response.content.decode())
    assert not Booking.objects.exists()


def test_non_resident_cannot_book(client):
    space = SpaceFactory()
    client.force_login(MembershipFactory(enterprise=AlumnusResidencyFactory().enterprise).user)
    assert client.get(reverse("realis:booking_create")).status_code == 403
    response = client.post(reverse("realis:booking_create"), booking_data(space, next_weekday()))
    assert response.status_code == 403
    assert "Seuls les membres d'une entreprise résidente" in unescape(response.content.decode())
    assert not Booking.objects.exists()


def test_anonymous_cannot_book(client):
    space = SpaceFactory()
    response = client.post(reverse("realis:booking_create"), booking_data(space, next_weekday()))
    assert response.status_code == 302
    assert not Booking.objects.exists()


def test_member_of_two_residents_chooses_the_enterprise(client):
    user = resident_user()
    second = ResidencyFactory().enterprise
    MembershipFactory(user=user, enterprise=second)
    space = SpaceFactory()
    client.force_login(user)
    html = unescape(client.get(reverse("realis:booking_create")).content.decode())
    assert '<label for="id_enterprise"' in html
    client.post(
        reverse("realis:booking_create"),
        booking_data(space, next_weekday(), enterprise=second.pk),
    )
    assert Booking.objects.get().enterprise == second


# --- one booking, cancellation ------------------------------------------------------------


def test_booking_detail_of_own_enterprise(client):
    user = resident_user()
    booking = BookingFactory(enterprise=user.realis_memberships.get().enterprise)
    client.force_login(user)
    response = client.get(reverse("realis:booking_detail", args=[booking.pk]))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert reverse("realis:booking_cancel", args=[booking.pk]) in html


def test_another_enterprise_booking_is_a_404_by_changing_the_id(client):
    mine = resident_user()
    theirs = BookingFactory(enterprise=ResidencyFactory().enterprise)
    client.force_login(mine)
    assert client.get(reverse("realis:booking_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("realis:booking_cancel", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("realis:booking_cancel", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.CONFIRMED
    assert client.get(reverse("realis:booking_detail", args=[999999])).status_code == 404


def test_cancel_own_booking(client):
    user = resident_user()
    booking = BookingFactory(enterprise=user.realis_memberships.get().enterprise)
    client.force_login(user)
    page = client.get(reverse("realis:booking_cancel", args=[booking.pk]))
    assert page.status_code == 200
    response = client.post(reverse("realis:booking_cancel", args=[booking.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("realis:calendar")
    assert "est annulée" in unescape(response.content.decode())
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_cancel_a_past_booking_is_refused_in_french(client):
    user = resident_user()
    now = timezone.now()
    booking = BookingFactory(
        enterprise=user.realis_memberships.get().enterprise,
        start=now - datetime.timedelta(hours=2),
        end=now - datetime.timedelta(hours=1),
    )
    client.force_login(user)
    response = client.post(reverse("realis:booking_cancel", args=[booking.pk]))
    assert response.status_code == 400
    assert "ne s'annule plus" in unescape(response.content.decode())
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


# --- concurrency ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_for_one_slot_leave_one_booking():
    space = SpaceFactory()
    day = next_weekday()
    clients = [Client() for _ in range(20)]
    for client in clients:
        client.force_login(resident_user())
    responses = run_concurrently(
        [
            (lambda c=c: c.post(reverse("realis:booking_create"), booking_data(space, day)))
            for c in clients
        ]
    )
    results = [(r.status_code, unescape(r.content.decode())) for r in responses]
    assert Booking.objects.filter(space=space).count() == 1
    assert sum(1 for status, _html in results if status == 302) == 1
    refused = [html for status, html in results if status == 200]
    assert len(refused) == 19
    assert all(str(BOOKING_OVERLAP_MESSAGE) in html for html in refused)


def test_index_counts_what_it_lists(client):
    """The figure counts every resident; the list shows the published ones and says how
    many others there are."""
    ResidencyFactory(enterprise=EnterpriseFactory(name="Résidente Publiée"))
    ResidencyFactory(enterprise=EnterpriseFactory(name="Résidente Discrète", is_published=False))
    response = client.get(reverse("realis:index"))
    html = unescape(response.content.decode())
    assert response.context["figures"]["residents"] == 2
    assert [r.enterprise.name for r in response.context["residents"]] == ["Résidente Publiée"]
    assert "Et 1 autre entreprise résidente, qui ne figure pas dans l'annuaire public." in html
    assert "Résidente Discrète" not in html
