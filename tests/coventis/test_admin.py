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


def test_confirming_claims_goes_through_the_service_and_reports_each_refusal(admin_client):
    from django.contrib.messages import SUCCESS, get_messages

    from tests.factories import UserFactory
    from tests.structures.factories import EnterpriseFactory

    edition = EditionFactory()
    enterprise = EnterpriseFactory()
    claims = [
        Registration.objects.create(
            edition=edition,
            user=UserFactory(),
            kind=Registration.Kind.EXHIBITOR,
            badge_name=name,
            enterprise=enterprise,
        )
        for name in ("Camille Première", "Dominique Seconde")
    ]
    response = admin_client.post(
        reverse("admin:coventis_registration_changelist"),
        {"action": "confirm_claims", "_selected_action": [c.pk for c in claims]},
        follow=True,
    )
    reported = [(m.level, str(m)) for m in get_messages(response.wsgi_request)]
    assert reported[0] == (SUCCESS, "1 demande d'exposant confirmée.")
    assert reported[1][1].startswith("Dominique Seconde : Cette entreprise est déjà représentée")
    claims[0].refresh_from_db()
    claims[1].refresh_from_db()
    assert claims[0].exhibitor is not None and claims[1].exhibitor is None
