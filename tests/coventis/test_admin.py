import pytest
from django.urls import reverse

from coventis.models import Registration
from tests.checks import body
from tests.coventis.factories import (
    BuyerRegistrationFactory,
    EditionFactory,
    ExhibitorRegistrationFactory,
    MeetingRequestFactory,
    ProgrammeItemFactory,
)

pytestmark = pytest.mark.django_db


def streamed(response) -> str:
    return body(response).decode("utf-8-sig")


@pytest.mark.parametrize(
    "model",
    ["edition", "exhibitor", "programmeitem", "registration", "meetingslot", "meetingrequest"],
)
def test_admin_lists_render(admin_client, model):
    MeetingRequestFactory()
    ProgrammeItemFactory()
    response = admin_client.get(reverse(f"admin:coventis_{model}_changelist"))
    assert response.status_code == 200


def test_registrations_export_to_csv_with_formulas_neutralised(admin_client):
    registration = BuyerRegistrationFactory(badge_name="=HYPERLINK(1)", organisation="Ville d'Albi")
    response = admin_client.post(
        reverse("admin:coventis_registration_changelist"),
        {"action": "export_csv", "_selected_action": [registration.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    text = streamed(response)
    assert text.splitlines()[0].startswith("Édition;Catégorie;Nom sur le badge")
    assert "'=HYPERLINK(1)" in text
    assert "Ville d'Albi" in text


def test_badge_list_as_printable_page_and_csv(admin_client):
    edition = EditionFactory()
    buyer = BuyerRegistrationFactory(edition=edition, badge_name="Camille Martin")
    exhibitor = ExhibitorRegistrationFactory(edition=edition, badge_name="Alex Durand")
    selected = [buyer.pk, exhibitor.pk]
    url = reverse("admin:coventis_registration_changelist")
    page = admin_client.post(url, {"action": "badges_page", "_selected_action": selected})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Camille Martin" in text and "Alex Durand" in text
    assert exhibitor.exhibitor.stand in text
    csv = streamed(admin_client.post(url, {"action": "badges_csv", "_selected_action": selected}))
    assert "Camille Martin;Acheteur;Ville de Montpellier" in csv
    assert Registration.objects.count() == 2


def test_meetings_export(admin_client):
    meeting = MeetingRequestFactory()
    response = admin_client.post(
        reverse("admin:coventis_meetingrequest_changelist"),
        {"action": "export_csv", "_selected_action": [meeting.pk]},
    )
    text = streamed(response)
    assert meeting.exhibitor.enterprise.name in text
    assert "En attente de réponse" in text


def test_editions_export(admin_client):
    edition = EditionFactory(year=2027)
    response = admin_client.post(
        reverse("admin:coventis_edition_changelist"),
        {"action": "export_csv", "_selected_action": [edition.pk]},
    )
    assert "2027;Coventis" in streamed(response)
