"""The FISO admin: commitments through the locked service, history, schedule, dashboard,
and the "Équipe FISO" group."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from fiso.models import Financing
from fiso.services import TEAM_GROUP, team_group_ensure
from occitanie_ess.common.formats import date_fr, euros
from tests.factories import StaffFactory
from tests.fiso.factories import (
    EnvelopeFactory,
    FinancingFactory,
    PublicFinancingFactory,
    envelope_form_data,
)
from tests.structures.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client, settings):
    user = StaffFactory(groups=[TEAM_GROUP])
    client.force_login(user)
    return client


def form_data(financing, **changes):
    """Return the admin change form's POST data for `financing`, with `changes`."""
    data = {
        "envelope": financing.envelope_id,
        "enterprise": financing.enterprise_id,
        "accompanying_structure": financing.accompanying_structure_id or "",
        "reference": financing.reference,
        "instrument": financing.instrument,
        "purpose": financing.purpose,
        "amount": financing.amount,
        "development_needs": financing.development_needs,
        "status": financing.status,
        "decision_date": financing.decision_date or "",
        "disbursement_date": financing.disbursement_date or "",
        "disbursement_terms": financing.disbursement_terms,
        "rae_id": financing.rae_id,
        "deferral_months": financing.deferral_months,
        "instalment_count": financing.instalment_count,
        "repayment_frequency": financing.repayment_frequency,
        "repaid_amount": financing.repaid_amount,
        "note": financing.note,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def change_url(financing):
    return reverse("admin:fiso_financing_change", args=[financing.pk])


def test_the_staff_group_holds_every_fiso_permission_and_is_idempotent():
    group = Group.objects.get(name=TEAM_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_financing", "change_financing", "view_financing", "view_envelope"} <= codenames
    assert "view_historicalfinancing" in codenames
    assert "delete_enterprise" not in codenames
    team_group_ensure()
    team_group_ensure()
    assert Group.objects.filter(name=TEAM_GROUP).count() == 1
    assert set(group.permissions.values_list("codename", flat=True)) == codenames


def test_changelist_and_change_form_render_with_split_and_schedule(team_client):
    financing = PublicFinancingFactory(decision_date=datetime.date(2016, 3, 15))
    response = team_client.get(reverse("admin:fiso_financing_changelist"))
    assert response.status_code == 200
    response = team_client.get(change_url(financing))
    html = response.content.decode()
    assert response.status_code == 200
    assert "État (PIA) : 25\xa0000\xa0€ — Région : 25\xa0000\xa0€" in html
    assert "Échéancier à taux zéro" in html
    assert "15/06/2018" in html  # first of 20 quarterly instalments after 24 months
    assert reverse("fiso:schedule_csv", args=[financing.pk]) in html


def test_the_schedule_table_has_one_row_per_instalment(team_client):
    financing = PublicFinancingFactory(decision_date=datetime.date(2016, 3, 15))
    lines = financing.repayment_schedule()
    html = team_client.get(change_url(financing)).content.decode()
    table = html[html.index("<caption>Échéancier à taux zéro</caption>") :]
    table = re.sub(r"[ \n]+", " ", table[: table.index("</table>")])
    assert table.count('<th scope="row">') == len(lines) == 20
    first = lines[0]
    assert (
        f'<th scope="row">{first.number}</th> <td>{date_fr(first.due_date)}</td> '
        f'<td class="number">{euros(first.amount)}</td>'
    ) in table
    assert f'<td class="number">{euros(lines[-1].remaining)}</td>' in table


def test_granting_in_the_admin_goes_through_the_service(team_client):
    financing = FinancingFactory()
    response = team_client.post(
        change_url(financing),
        form_data(financing, status="accorde", decision_date="2017-02-01"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    financing.refresh_from_db()
    assert financing.status == Financing.Status.GRANTED


def test_granting_beyond_the_envelope_is_refused_in_french(team_client):
    envelope = EnvelopeFactory(name="Presque pleine", capacity=Decimal("60000.00"))
    PublicFinancingFactory(
        envelope=envelope, amount=Decimal("30000.00"), development_needs=Decimal("60000.00")
    )
    financing = FinancingFactory(envelope=envelope, amount=Decimal("30000.01"))
    response = team_client.post(
        change_url(financing),
        form_data(financing, status="accorde", decision_date="2017-02-01"),
    )
    assert response.status_code == 200
    assert "Engagement refusé" in response.content.decode()
    financing.refresh_from_db()
    assert financing.status == Financing.Status.INSTRUCTION


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "29999.99"}, "au moins 30\xa0000\xa0€"),
        ({"amount": "60000.01", "development_needs": "120000.00"}, "au plus 50 % des besoins"),
    ],
)
def test_rules_are_refused_by_the_admin_form_in_french(team_client, changes, message):
    financing = FinancingFactory()
    response = team_client.post(change_url(financing), form_data(financing, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    financing.refresh_from_db()
    assert financing.amount == Decimal("50000.00")


def test_half_of_the_needs_exactly_is_accepted_by_the_admin(team_client):
    financing = FinancingFactory()
    response = team_client.post(
        change_url(financing),
        form_data(financing, amount="60000.00", development_needs="120000.00"),
    )
    assert response.status_code == 302
    financing.refresh_from_db()
    assert financing.amount == Decimal("60000.00")


def test_a_refusal_raised_by_the_service_at_save_is_reported_and_rolled_back(
    team_client, monkeypatch
):
    """Another commitment can win the race between the form's check and the save."""
    financing = FinancingFactory()

    def refuse(*, financing):
        financing.save()  # written, then refused: the admin's transaction must roll back
        raise ValidationError("Engagement refusé : l'enveloppe est épuisée.")

    monkeypatch.setattr("fiso.admin.financing_save", refuse)
    response = team_client.post(
        change_url(financing),
        form_data(financing, status="accorde", decision_date="2017-02-01"),
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(financing)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Engagement refusé : l'enveloppe est épuisée."]
    financing.refresh_from_db()
    assert financing.status == Financing.Status.INSTRUCTION


def test_history_of_amount_and_status_is_readable_by_staff(team_client):
    financing = FinancingFactory(amount=Decimal("40000.00"))
    team_client.post(change_url(financing), form_data(financing, amount="45000.00"))
    team_client.post(
        change_url(financing),
        form_data(financing, amount="45000.00", status="accorde", decision_date="2017-02-01"),
    )
    assert financing.history.count() == 3
    response = team_client.get(reverse("admin:fiso_financing_history", args=[financing.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "40\xa0000\xa0€" in html
    assert "45\xa0000\xa0€" in html
    assert "Accordé" in html
    assert "En instruction" in html


def test_commit_action_grants_within_capacity_and_reports_refusals(team_client):
    envelope = EnvelopeFactory(name="Action", capacity=Decimal("100000.00"))
    first = FinancingFactory(envelope=envelope, amount=Decimal("60000.00"))
    second = FinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    response = team_client.post(
        reverse("admin:fiso_financing_changelist"),
        {"action": "commit_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 financement accordé." in html
    assert "Engagement refusé" in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Financing.Status.GRANTED
    assert second.status == Financing.Status.INSTRUCTION


def test_dashboard_counts_every_financing(team_client):
    envelope = EnvelopeFactory()
    PublicFinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    PublicFinancingFactory(envelope=envelope, amount=Decimal("40000.00"), is_public=False)
    FinancingFactory(envelope=envelope)
    response = team_client.get(reverse("admin:fiso_envelope_dashboard", args=[envelope.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    figures = dict(response.context["figures"])
    assert figures["Engagé (accordé et au-delà)"] == "90\xa0000\xa0€"
    assert figures["Restant à engager"] == "2\xa0210\xa0000\xa0€"
    assert figures["Part de l'État (PIA) dans l'engagé"] == "45\xa0000\xa0€"
    assert "Utilisation de l" in html
    changelist = team_client.get(reverse("admin:fiso_envelope_changelist")).content.decode()
    assert reverse("admin:fiso_envelope_dashboard", args=[envelope.pk]) in changelist


def test_dashboard_and_schedule_are_closed_to_staff_outside_the_team(client, settings):
    envelope = EnvelopeFactory()
    client.force_login(StaffFactory())
    response = client.get(reverse("admin:fiso_envelope_dashboard", args=[envelope.pk]))
    assert response.status_code == 403


def test_adding_a_granted_financing_in_the_admin_checks_the_envelope(team_client):
    envelope = EnvelopeFactory(name="Ajout", capacity=Decimal("80000.00"))
    PublicFinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    template = FinancingFactory.build(envelope=envelope, enterprise=EnterpriseFactory())
    url = reverse("admin:fiso_financing_add")
    data = form_data(template, status="accorde", decision_date="2019-01-15")
    refused = team_client.post(url, {**data, "amount": "30000.01"})
    assert refused.status_code == 200
    assert "Engagement refusé" in refused.content.decode()
    assert Financing.objects.filter(envelope=envelope).count() == 1
    accepted = team_client.post(url, {**data, "amount": "30000.00"})
    assert accepted.status_code == 302
    assert Financing.objects.filter(envelope=envelope).totals()["committed"] == Decimal("80000.00")


def test_envelope_capacity_below_committed_is_refused_and_changes_are_kept(team_client):
    envelope = EnvelopeFactory(name="Historique", capacity=Decimal("100000.00"))
    PublicFinancingFactory(envelope=envelope, amount=Decimal("60000.00"))
    url = reverse("admin:fiso_envelope_change", args=[envelope.pk])
    data = envelope_form_data(envelope, capacity="59999.99")
    refused = team_client.post(url, data)
    assert refused.status_code == 200
    assert "déjà engagé" in refused.content.decode()
    assert team_client.post(url, {**data, "capacity": "2300000.00"}).status_code == 302
    envelope.refresh_from_db()
    assert envelope.capacity == Decimal("2300000.00")
    history = team_client.get(reverse("admin:fiso_envelope_history", args=[envelope.pk]))
    assert history.status_code == 200
    assert envelope.history.count() == 2
