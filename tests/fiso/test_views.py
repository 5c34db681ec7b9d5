"""Public FISO pages, open-data exports and the staff-only schedule download."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from fiso.models import Financing
from fiso.opendata import FIELD_NAMES, scdl_field_names
from fiso.services import TEAM_GROUP
from tests.factories import StaffFactory, UserFactory
from tests.fiso.factories import EnvelopeFactory, FinancingFactory, PublicFinancingFactory
from tests.structures.factories import DepartementFactory, EnterpriseFactory, ThematicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden():
    """A granted financing that is not public, with an amount found nowhere else."""
    return PublicFinancingFactory(
        is_public=False,
        amount=Decimal("45678.00"),
        enterprise=EnterpriseFactory(name="Entreprise Confidentielle"),
    )


def _staff_of_the_fiso_team():
    user = StaffFactory(groups=[TEAM_GROUP])
    return user


def test_index_explains_the_fund_and_shows_the_envelope_use(client):
    EnvelopeFactory()
    PublicFinancingFactory(amount=Decimal("50000.00"))
    PublicFinancingFactory(
        amount=Decimal("30000.00"),
        development_needs=Decimal("60000.00"),
        status=Financing.Status.REPAID,
        decision_date=datetime.date(2016, 3, 15),
        disbursement_date=datetime.date(2016, 4, 1),
        repaid_amount=Decimal("30000.00"),
    )
    response = client.get(reverse("fiso:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Un montant de 30\xa0000\xa0€ au minimum." in html
    assert "Qui peut candidater" in html
    assert "Bpifrance" in html
    figures = {str(f.label): f.value for f in response.context["figures"]}
    assert figures["engagés"] == "80\xa0000\xa0€"
    assert figures["décaissés"] == "30\xa0000\xa0€"
    assert figures["déjà remboursés"] == "30\xa0000\xa0€"
    assert figures["restant à engager"] == "2\xa0220\xa0000\xa0€"
    for chart_id in ("fiso-par-annee", "fiso-par-departement", "fiso-par-thematique"):
        assert f'id="{chart_id}-title"' in html
    assert html.count("<svg") >= 3
    assert "Voir les données sous forme de tableau" in html


def test_index_lists_public_financings_linking_to_the_directory(client, hidden):
    visible = PublicFinancingFactory(enterprise=EnterpriseFactory(name="Atelier Visible"))
    html = client.get(reverse("fiso:index")).content.decode()
    assert f'href="{visible.enterprise.get_absolute_url()}"' in html
    assert f'href="{visible.get_absolute_url()}"' in html
    assert "Atelier Visible" in html
    assert "Entreprise Confidentielle" not in html
    assert hidden.get_absolute_url() not in html
    assert hidden.enterprise.get_absolute_url() not in html
    # Only as part of an aggregate line that names no beneficiary.
    assert "dont 1 financement non publié : 45\xa0678\xa0€" in html


def test_public_totals_equal_the_staff_dashboard(client):
    """A committed-and-disbursed financing left unpublished (or whose enterprise is
    unpublished) still counts in every public total: the public page, the home page and
    the staff dashboard tell the same figures."""
    envelope = EnvelopeFactory()
    PublicFinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    PublicFinancingFactory(
        envelope=envelope,
        amount=Decimal("90000.00"),
        development_needs=Decimal("190000.00"),
        status=Financing.Status.DISBURSED,
        decision_date=datetime.date(2023, 6, 27),
        disbursement_date=datetime.date(2023, 7, 27),
        is_public=False,
        enterprise=EnterpriseFactory(name="Tiers-lieu Discret"),
    )
    PublicFinancingFactory(
        envelope=envelope,
        amount=Decimal("60000.00"),
        status=Financing.Status.REPAYING,
        decision_date=datetime.date(2019, 4, 9),
        disbursement_date=datetime.date(2019, 5, 9),
        repaid_amount=Decimal("12000.00"),
        enterprise=EnterpriseFactory(is_published=False, name="Entreprise Retirée"),
    )
    FinancingFactory(
        envelope=envelope, amount=Decimal("70000.00"), development_needs=Decimal("150000")
    )
    client.force_login(_staff_of_the_fiso_team())
    dashboard = dict(
        client.get(reverse("admin:fiso_envelope_dashboard", args=[envelope.pk])).context["figures"]
    )
    client.logout()
    response = client.get(reverse("fiso:index"))
    html = response.content.decode()
    public = {str(f.label): f for f in response.context["figures"]}
    assert public["engagés"].value == dashboard["Engagé (accordé et au-delà)"] == "200\xa0000\xa0€"
    assert public["décaissés"].value == dashboard["Décaissé"] == "150\xa0000\xa0€"
    assert public["déjà remboursés"].value == dashboard["Remboursé"] == "12\xa0000\xa0€"
    assert public["restant à engager"].value == dashboard["Restant à engager"]
    assert dashboard["Restant à engager"] == "2\xa0100\xa0000\xa0€"
    assert public["engagés"].note == "dont 2 financements non publiés : 150\xa0000\xa0€"
    assert "dont 2 financements non publiés : 150\xa0000\xa0€" in html
    assert "Tiers-lieu Discret" not in html and "Entreprise Retirée" not in html
    assert len(response.context["page_obj"].object_list) == 1
    home = client.get(reverse("home"))
    home_figures = {str(f.label): f for f in home.context["figures"]}
    assert home_figures["financements FISO accordés"].value == 3
    assert home_figures["engagés par le FISO"].value == "200\xa0000\xa0€"
    assert "dont 2 financements non publiés : 150\xa0000\xa0€" in home.content.decode()
    assert "Tiers-lieu Discret" not in home.content.decode()


def test_index_runs_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    EnvelopeFactory()
    thematic = ThematicFactory()
    for _ in range(30):
        financing = PublicFinancingFactory()
        financing.enterprise.thematics.add(thematic)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("fiso:index"))
    assert len(response.context["page_obj"].object_list) == 20
    with django_assert_max_num_queries(12):
        client.get(reverse("fiso:index"), {"page": 2, "annee": "2016"})


def test_filters_by_year_departement_instrument_and_thematic(client):
    gard = DepartementFactory(code="30", name="Gard")
    thematic = ThematicFactory(name="Mobilité", slug="mobilite")
    target = PublicFinancingFactory(
        decision_date=datetime.date(2018, 5, 2),
        instrument=Financing.Instrument.ZERO_RATE_LOAN,
        enterprise=EnterpriseFactory(departement=gard),
    )
    target.enterprise.thematics.add(thematic)
    PublicFinancingFactory(decision_date=datetime.date(2019, 5, 2))
    PublicFinancingFactory(decision_date=datetime.date(2018, 6, 2))
    params = {
        "annee": "2018",
        "departement": "30",
        "instrument": "pret_taux_zero",
        "thematique": "mobilite",
    }
    response = client.get(reverse("fiso:index"), params)
    assert list(response.context["page_obj"].object_list) == [target]
    html = response.content.decode()
    assert "1 financement" in html
    assert len(client.get(reverse("fiso:index"), {"annee": "2018"}).context["page_obj"]) == 2


def test_invalid_filters_are_reported_in_french_not_a_500(client):
    PublicFinancingFactory()
    response = client.get(
        reverse("fiso:index"), {"annee": "<b>x</b>", "departement": "99", "page": "zz"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert "<b>x</b>" not in html


class TestQueryParametersNeverBreakThePage(HypothesisTestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        annee=st.text(max_size=12),
        departement=st.text(max_size=5),
        instrument=st.text(max_size=20),
        thematique=st.text(max_size=20),
        page=st.text(max_size=6),
    )
    def test_any_query_string_gives_a_page(self, annee, departement, instrument, thematique, page):
        params = {
            "annee": annee,
            "departement": departement,
            "instrument": instrument,
            "thematique": thematique,
            "page": page,
        }
        params = {k: v.replace("\x00", "") for k, v in params.items()}
        response = self.client.get(reverse("fiso:index"), params)
        assert response.status_code == 200


def test_public_financing_detail_page(client):
    financing = PublicFinancingFactory(
        note="Premier financement FISO de France", amount_is_example=True
    )
    response = client.get(financing.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Premier financement FISO de France" in html
    assert "25\xa0000,00\xa0€" in html  # the State's half of 50,000 €
    assert "montant et date donnés à titre d'exemple" in html
    assert f'href="{financing.enterprise.get_absolute_url()}"' in html
    assert reverse("fiso:schedule_csv", args=[financing.pk]) not in html


def test_guessing_the_url_of_a_non_public_financing_gives_404(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404
    in_instruction = FinancingFactory(is_public=True)
    assert client.get(in_instruction.get_absolute_url()).status_code == 404
    assert client.get(f"/fiso/financements/{hidden.pk}/").status_code == 404


def test_public_addresses_leave_no_gap_that_counts_hidden_financings(client):
    """Sequential ids (…/1/, …/2/, …/4/) told the public that number 3 was hidden."""
    first = PublicFinancingFactory()
    FinancingFactory(is_public=False)
    last = PublicFinancingFactory()
    page = client.get(reverse("fiso:index")).content.decode()
    for financing in (first, last):
        assert str(financing.public_id) in financing.get_absolute_url()
        assert f"/fiso/financements/{financing.pk}/" not in page
    assert first.public_id != last.public_id


def test_a_public_financing_of_an_unpublished_enterprise_gives_404(client):
    financing = PublicFinancingFactory(enterprise=EnterpriseFactory(is_published=False))
    assert client.get(financing.get_absolute_url()).status_code == 404


def _csv(response):
    """Read a French spreadsheet CSV: byte-order mark, `;`."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


def _scdl_csv(response):
    """Read the SCDL file: comma-separated UTF-8 without byte-order mark."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert not body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body), delimiter=","))


def test_csv_export_has_scdl_fields_and_only_public_financings(client, hidden):
    enterprise = EnterpriseFactory(name="=HYPERLIEN(1)", siret="73282932000074")
    public = PublicFinancingFactory(
        enterprise=enterprise, reference="FISO-OCC-2016-001", purpose="-2+3"
    )
    response = client.get(reverse("fiso:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _scdl_csv(response)
    assert list(rows[0].keys()) == list(scdl_field_names())
    assert len(rows) == 1
    row = rows[0]
    assert row["nomBeneficiaire"] == "'=HYPERLIEN(1)"  # formula neutralised
    assert row["objet"] == "'-2+3"
    assert row["idBeneficiaire"] == "73282932000074"
    assert row["referenceDecision"] == "FISO-OCC-2016-001"
    assert row["montant"] == "50000.00"  # decimal point, as the SCDL requires
    assert row["pourcentageSubvention"] == "1.00"  # the only beneficiary gets it all
    assert row["nature"] == "aide en numéraire"
    assert row["notificationUE"] == "non"
    assert row["dateConvention"] == public.decision_date.isoformat()
    assert row["rnaBeneficiaire"] == ""


def test_json_export_has_the_same_records(client, hidden):
    public = PublicFinancingFactory(
        amount=Decimal("30000.00"), development_needs=Decimal("60000.00")
    )
    response = client.get(reverse("fiso:export_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert len(data) == 1
    assert list(data[0].keys()) == list(FIELD_NAMES)
    assert data[0]["montant"] == "30000.00"
    assert data[0]["pourcentageSubvention"] == "1.00"
    assert data[0]["partBesoinsProjet"] == "0.5000"
    assert data[0]["nomBeneficiaire"] == public.enterprise.name
    assert "45678" not in response.content.decode()


def test_schedule_csv_is_for_staff_only(client, hidden):
    url = reverse("fiso:schedule_csv", args=[hidden.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())  # staff, but outside the FISO team
    assert client.get(url).status_code == 403


def test_schedule_csv_for_the_fiso_team_sums_to_the_amount(client, hidden):
    client.force_login(_staff_of_the_fiso_team())
    response = client.get(reverse("fiso:schedule_csv", args=[hidden.pk]))
    assert response.status_code == 200
    rows = _csv(response)
    assert len(rows) == hidden.instalment_count
    total = sum(Decimal(row["Montant (€)"]) for row in rows)
    assert total == hidden.amount
    assert rows[-1]["Capital restant dû (€)"] == "0.00"
