"""Staff are told what awaits them, at once or in a daily summary, through the mail queue;
only the staff whose groups do that work are told."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coventis import services as coventis_services
from occitanie_ess.common.models import StaffNotification
from tests.coventis.factories import EditionFactory
from tests.factories import StaffFactory, UserFactory
from tests.realis.factories import SpaceFactory, resident_user
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import ApplicationFactory
from yess import services as yess_services

pytestmark = pytest.mark.django_db


def member(group: str, **preference):
    return StaffFactory(**preference, groups=[group])


def to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


def test_a_submitted_application_tells_the_yess_team_now_or_in_the_summary(
    mailoutbox, django_capture_on_commit_callbacks
):
    now_member = member("Équipe YESS", name="Nadia Équipe")
    daily_member = member("Équipe YESS", staff_notifications="quotidien")
    silent_member = member("Équipe YESS", staff_notifications="aucun")
    juror = member("Jury YESS")
    other_staff = member("Équipe FISO")
    application = ApplicationFactory(project_name="Recyclerie du Lauragais")
    with django_capture_on_commit_callbacks(execute=True):
        yess_services.application_submit(application=application, by=application.applicant)

    [message] = to(mailoutbox, now_member)
    assert message.subject.endswith("Candidature YESS déposée")
    assert "Bonjour Nadia Équipe" in message.body
    assert "Recyclerie du Lauragais" in message.body
    assert f"/admin/yess/application/{application.pk}/change/" in message.body
    for user in (daily_member, silent_member, juror, other_staff):
        assert to(mailoutbox, user) == []
    assert StaffNotification.objects.filter(user=daily_member, sent_at=None).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_staff_digests", stdout=io.StringIO())
    [digest] = to(mailoutbox, daily_member)
    assert "1 élément vous attend" in digest.subject
    assert "Recyclerie du Lauragais" in digest.body
    assert not StaffNotification.objects.filter(sent_at=None).exists()
    # A second run sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_staff_digests", stdout=io.StringIO())
    assert len(to(mailoutbox, daily_member)) == 1


def test_a_refused_submission_tells_nobody(mailoutbox, django_capture_on_commit_callbacks):
    team = member("Équipe YESS")
    application = ApplicationFactory(summary="")  # an answer is missing
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Exception):  # noqa: B017 - the French refusal
            yess_services.application_submit(application=application, by=application.applicant)
    assert to(mailoutbox, team) == []


def test_an_exhibitor_claim_tells_the_organisers(mailoutbox, django_capture_on_commit_callbacks):
    organiser = member("Organisation Coventis")
    edition = EditionFactory()
    enterprise = EnterpriseFactory(name="Vélo solidaire")
    with django_capture_on_commit_callbacks(execute=True):
        coventis_services.registration_create(
            edition=edition,
            user=UserFactory(),
            kind="exposant",
            badge_name="Alex Exposant",
            enterprise=enterprise,
        )
    [message] = to(mailoutbox, organiser)
    assert "Demande d'exposant à confirmer" in message.subject
    assert "Alex Exposant pour Vélo solidaire" in message.body
    assert "?demande=attente" in message.body


def test_a_booking_conflict_tells_the_realis_team(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    team = member("Équipe REALIS")
    space = SpaceFactory()
    user = resident_user()
    client.force_login(user)
    day = timezone.localdate() + datetime.timedelta(days=7)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    data = {
        "space": space.slug,
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "purpose": "Réunion",
    }
    assert client.post(reverse("realis:booking_create"), data).status_code == 302
    other = resident_user()
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(reverse("realis:booking_create"), data)
    assert refused.status_code == 200
    [message] = to(mailoutbox, team)
    assert "Conflit de réservation" in message.subject
    assert space.name in message.body


def test_staff_choose_their_notifications_and_others_cannot(client):
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("account_staff_notifications")
    assert client.get(url).status_code == 200
    response = client.post(url, {"staff_notifications": "quotidien"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.staff_notifications == "quotidien"
    refused = client.post(url, {"staff_notifications": "jamais"})
    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in refused.content.decode()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
