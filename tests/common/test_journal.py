"""The audit journal: who changed what and when, across apps, for auditors only."""

from decimal import Decimal

import pytest
from django.urls import reverse
from simple_history.utils import update_change_reason  # noqa: F401 - history is installed

from fiso.models import Financing
from occitanie_ess.common.groups import AUDIT_GROUP
from tests.checks import page_text
from tests.factories import StaffFactory
from tests.fiso.factories import FinancingFactory
from tests.realis.factories import ResidencyFactory
from tests.yess.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

URL = "/admin/journal/"


@pytest.fixture
def auditor(client):
    user = StaffFactory(email="audit@exemple.fr", name="Hugo Blanc", groups=[AUDIT_GROUP])
    client.force_login(user)
    return client


def text(response) -> str:
    return page_text(response.content.decode())


def test_url_is_the_admins():
    assert reverse("admin:journal") == URL


def test_a_financing_change_shows_who_when_and_what(client, auditor):
    fiso = StaffFactory(email="equipe.fiso@exemple.fr", name="Claire Roux", groups=["Équipe FISO"])
    financing = FinancingFactory(amount=Decimal("50000.00"))
    # A member of the FISO team changes the amount through the admin.
    client.force_login(fiso)
    change = client.get(reverse("admin:fiso_financing_change", args=[financing.pk]))
    form = change.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        amount="60000.00",
        decision_date="",
        disbursement_date="",
        accompanying_structure="",
        _save="Enregistrer",
    )
    response = client.post(reverse("admin:fiso_financing_change", args=[financing.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Financing.objects.get().amount == Decimal("60000.00")

    auditor_user = StaffFactory(email="audit2@exemple.fr", groups=[AUDIT_GROUP])
    client.force_login(auditor_user)
    page = text(client.get(URL, {"model": "fiso.financing"}))
    assert "Claire Roux" in page
    assert "modification" in page
    assert "50000.00 → 60000.00" in page
    assert "création" in page


def test_the_journal_mixes_every_app_and_filters(auditor):
    FinancingFactory()
    ResidencyFactory()
    ApplicationFactory(project_name="Projet <b>gras</b>")
    page = text(auditor.get(URL))
    assert "Financement FISO" in page
    assert "Résidence" in page
    only_realis = text(auditor.get(URL, {"model": "realis.residency"}))
    assert "Résidence" in only_realis and "Financement FISO" not in only_realis
    nobody = text(auditor.get(URL, {"who": "personne@ailleurs.fr"}))
    assert "Aucune modification ne correspond à ces filtres." in nobody


@pytest.mark.parametrize(
    "params",
    [
        {"who": "' OR 1=1 --"},
        {"who": "x" * 10_000},
        {"since": "pas-une-date"},
        {"object_id": "-1"},
        {"object_id": "99999999999999"},
        {"model": "auth.user<script>"},
    ],
)
def test_odd_filters_get_a_french_message_never_a_500(auditor, params):
    response = auditor.get(URL, params)
    assert response.status_code == 200
    page = text(response)
    assert "Journal des modifications" in page
    assert "<script>" not in response.content.decode()


def test_a_nul_byte_is_refused_before_the_journal(auditor):
    assert auditor.get(URL, {"who": "a\x00b"}).status_code == 400


@pytest.mark.parametrize("group", ["Équipe FISO", "Équipe YESS", "Jury YESS", None])
def test_staff_who_are_not_auditors_are_refused(client, group):
    client.force_login(StaffFactory(groups=[group] if group else []))
    assert client.get(URL).status_code == 403


def test_the_anonymous_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_the_journal_needs_mfa_when_required(client, settings):
    settings.ADMIN_REQUIRE_MFA = True
    user = StaffFactory(mfa=False, groups=[AUDIT_GROUP])
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)


def test_the_journal_runs_a_bounded_number_of_queries(auditor, django_assert_max_num_queries):
    for _ in range(30):
        FinancingFactory()
    with django_assert_max_num_queries(60):
        assert auditor.get(URL, {"model": "fiso.financing"}).status_code == 200
