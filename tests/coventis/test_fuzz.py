"""Property-based tests: no query string or form input on Coventis pages gives a 500, and
bad input changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coventis.models import MeetingRequest, Registration
from tests.checks import refused_input
from tests.coventis.factories import (
    BuyerRegistrationFactory,
    EditionFactory,
    ExhibitorRegistrationFactory,
    MeetingSlotFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def edition():
    return EditionFactory()


@SETTINGS
@given(thematique=ANY_TEXT, departement=ANY_TEXT, page=ANY_TEXT)
def test_edition_filters_never_fail(client, edition, thematique, departement, page):
    response = client.get(
        edition.get_absolute_url(),
        {"thematique": thematique, "departement": departement, "page": page},
    )
    assert response.status_code == 200 or refused_input(response)


@SETTINGS
@given(kind=ANY_TEXT, badge_name=ANY_TEXT, buyer_type=ANY_TEXT, enterprise=ANY_TEXT)
def test_registration_form_never_fails_and_bad_input_changes_nothing(
    client, edition, kind, badge_name, buyer_type, enterprise
):
    client.force_login(UserFactory())
    response = client.post(
        f"/coventis/{edition.year}/inscription/",
        {
            "kind": kind,
            "badge_name": badge_name,
            "buyer_type": buyer_type,
            "enterprise": enterprise,
        },
    )
    assert response.status_code in (200, 302) or refused_input(response)
    if response.status_code != 302:
        assert not Registration.objects.filter(edition=edition).exists()
    Registration.objects.filter(edition=edition).delete()


@SETTINGS
@given(exhibitor=ANY_TEXT, slot=ANY_TEXT, message=ANY_TEXT, exposant=ANY_TEXT)
def test_meeting_request_form_never_fails(client, edition, exhibitor, slot, message, exposant):
    buyer = BuyerRegistrationFactory(edition=edition)
    client.force_login(buyer.user)
    url = f"/coventis/{edition.year}/rendez-vous/demander/"
    page = client.get(url, {"exposant": exposant})
    assert page.status_code == 200 or refused_input(page)
    response = client.post(url, {"exhibitor": exhibitor, "slot": slot, "message": message})
    assert response.status_code == 200 or refused_input(response)
    assert not MeetingRequest.objects.exists()
    buyer.delete()


def test_meeting_request_with_ids_of_another_edition_is_refused(client, edition):
    buyer = BuyerRegistrationFactory(edition=edition)
    foreign_slot = MeetingSlotFactory()
    foreign_exhibitor = ExhibitorRegistrationFactory(edition=foreign_slot.edition).exhibitor
    client.force_login(buyer.user)
    response = client.post(
        f"/coventis/{edition.year}/rendez-vous/demander/",
        {"exhibitor": foreign_exhibitor.pk, "slot": foreign_slot.pk},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not MeetingRequest.objects.exists()
