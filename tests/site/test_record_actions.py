"""The calls to action the apps add to a directory entry (registry.register_actions):
each appears only on the records it fits."""

import datetime

import pytest
from django.utils import timezone

from tests.fiso.factories import PublicFinancingFactory
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory
from tests.yess.factories import CallFactory

pytestmark = pytest.mark.django_db

YESS = "Candidater à la YESS Académie"
REALIS = "Rejoindre la pépinière REALIS"
FISO = "Préparer une demande FISO"


def page(client, record):
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_realis_entry_invites_to_join_and_to_apply_to_the_call_it_runs(client):
    realis = SupportStructureFactory(name="REALIS", slug="realis", kind="pepiniere")
    CallFactory(operator=realis)
    html = page(client, realis)
    assert REALIS in html and 'href="/realis/"' in html
    assert YESS in html and 'href="/yess-academie/candidater/"' in html
    # Join first, in the order the apps give.
    assert html.index(YESS) < html.index(REALIS)
    assert FISO not in html


def test_a_closed_call_points_to_the_programme_page(client):
    realis = SupportStructureFactory(name="REALIS", slug="realis", kind="pepiniere")
    CallFactory(
        operator=realis,
        opens_at=timezone.now() + datetime.timedelta(days=30),
        closes_at=timezone.now() + datetime.timedelta(days=60),
    )
    html = page(client, realis)
    assert YESS not in html
    assert "Découvrir la YESS Académie" in html


def test_structures_that_helped_a_public_financing_invite_to_prepare_one(client):
    incubator = SupportStructureFactory(name="Catalis", kind="incubateur", email="c@example.fr")
    PublicFinancingFactory(accompanying_structure=incubator)
    html = page(client, incubator)
    assert FISO in html and 'href="/fiso/#fiso-qui"' in html
    assert REALIS not in html and YESS not in html
    # The app's action is the main button; "Contacter" comes second.
    assert 'class="button button--secondary" href="mailto:c@example.fr"' in html


def test_the_fund_operator_invites_to_prepare_a_request(client):
    bpi = SupportStructureFactory(
        name="Bpifrance Occitanie", kind="financeur", operator="Bpifrance"
    )
    PublicFinancingFactory()  # creates the envelope operated by Bpifrance
    assert FISO in page(client, bpi)


def test_an_enterprise_page_only_offers_to_contact_it(client):
    enterprise = EnterpriseFactory(email="bonjour@example.fr", slug="realis-like")
    PublicFinancingFactory(enterprise=enterprise)
    html = page(client, enterprise)
    assert FISO not in html and YESS not in html and REALIS not in html
    assert 'class="button" href="mailto:bonjour@example.fr"' in html


def test_entry_page_runs_in_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    realis = SupportStructureFactory(name="REALIS", slug="realis", kind="pepiniere")
    CallFactory(operator=realis)
    PublicFinancingFactory(accompanying_structure=realis)
    with django_assert_max_num_queries(16):
        page(client, realis)
