"""The apps' panels on a directory detail page: each app tells in the record's own query
whether it has something to show (`register_panel(present=…)`), and that answer must be
the provider's, for every registered panel and every kind of record."""

import pytest
from django.urls import reverse

from occitanie_ess.common import registry
from structures.models import Organisation
from tests.coventis.factories import ExhibitorFactory
from tests.fiso.factories import FinancingFactory, PublicFinancingFactory
from tests.realis.factories import AlumnusResidencyFactory, ResidencyFactory
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory
from tests.yess.factories import ApplicationFactory, CallFactory, CohortFactory, make_status
from yess.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """Records with and without something for each app, in every role."""
    structure = SupportStructureFactory()
    financed = PublicFinancingFactory(accompanying_structure=structure).enterprise
    FinancingFactory()  # not public: no panel for its enterprise
    resident = ResidencyFactory().enterprise
    alumnus = AlumnusResidencyFactory().enterprise
    exhibitor = ExhibitorFactory().enterprise
    cohort = CohortFactory()
    selected = make_status(ApplicationFactory(call=cohort.call), Status.SELECTED)
    selected.enterprise = EnterpriseFactory()
    selected.save()
    # Selected in a call without a cohort yet, and submitted but not selected: no panel.
    for call, status in ((CallFactory(), Status.SELECTED), (cohort.call, Status.SUBMITTED)):
        application = make_status(ApplicationFactory(call=call), status)
        application.enterprise = EnterpriseFactory()
        application.save()
    EnterpriseFactory()
    return [structure, financed, resident, alumnus, exhibitor, selected.enterprise]


def test_every_panel_is_announced_exactly_when_its_provider_has_one(records, rf):
    request = rf.get("/")
    annotated = Organisation.objects.annotate(**registry.panel_presence())
    checked = 0
    for record in annotated:
        for index, (provider, present) in enumerate(registry.registry.panels):
            if present is None:
                continue
            announced = getattr(record, f"panel_present_{index}")
            assert announced == (provider(record, request) is not None), (record, provider)
            checked += announced
    # Each fixture record has at least one panel (the structure: the FISO one).
    assert checked >= len(records)


def test_a_record_no_app_knows_costs_the_apps_no_query(client, django_assert_num_queries):
    plain = EnterpriseFactory()
    # The record (with the apps' answers and its thematics), its supports.
    with django_assert_num_queries(2):
        response = client.get(reverse("structures:detail", args=[plain.slug]))
    assert response.status_code == 200


def test_the_detail_page_shows_each_apps_panel(client, records):
    structure, financed, resident, _alumnus, exhibitor, selected = records
    for record, template in (
        (structure, "fiso/_enterprise_panel.html"),
        (financed, "fiso/_enterprise_panel.html"),
        (resident, "realis/panels/enterprise.html"),
        (exhibitor, "coventis/panels/enterprise.html"),
        (selected, "yess/panels/enterprise.html"),
    ):
        response = client.get(reverse("structures:detail", args=[record.slug]))
        assert template in [t.name for t in response.templates], record
