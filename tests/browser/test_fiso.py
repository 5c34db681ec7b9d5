"""The FISO pages in a real Chromium: 0 axe-core violations (WCAG 2.1 AA), nothing from
another host, no CSP violation, on the page, a filtered list and a financing."""

import datetime

import pytest

from fiso.models import Financing
from tests.browser.conftest import assert_clean
from tests.fiso.factories import EnvelopeFactory, PublicFinancingFactory
from tests.structures.factories import (
    DepartementFactory,
    EnterpriseFactory,
    SupportStructureFactory,
    ThematicFactory,
)


@pytest.fixture
def financings(transactional_db):
    EnvelopeFactory()
    realis = SupportStructureFactory(name="REALIS", slug="realis")
    thematic = ThematicFactory(name="Santé et activités physiques adaptées", slug="sante")
    gard = DepartementFactory(code="30", name="Gard")
    first = PublicFinancingFactory(
        enterprise=EnterpriseFactory(name="V@SI", slug="vasi"),
        accompanying_structure=realis,
        decision_date=datetime.date(2016, 3, 15),
        note="Premier financement FISO de France",
        amount_is_example=True,
    )
    first.enterprise.thematics.add(thematic)
    for number in range(24):
        PublicFinancingFactory(
            enterprise=EnterpriseFactory(departement=gard if number % 2 else None),
            instrument=Financing.Instrument.ZERO_RATE_LOAN if number % 3 else "avance_remboursable",
        )
    return first


@pytest.mark.parametrize(
    "path",
    ["/fiso/", "/fiso/?annee=2016&instrument=avance_remboursable", "/fiso/?departement=30&page=2"],
)
def test_fiso_pages_are_accessible_and_self_contained(page, axe, financings, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_clean(page, axe)


def test_financing_detail_is_accessible(page, axe, financings):
    response = page.goto(financings.get_absolute_url())
    assert response.status == 200
    assert "Premier financement FISO de France" in page.content()
    assert axe(page) == []
    assert page.recorder.console_errors == []


def test_chart_table_alternative_opens_with_the_keyboard(page, financings):
    page.goto("/fiso/")
    summary = page.locator("#fiso-par-annee-title").locator("xpath=..").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("#fiso-par-annee-title").locator("xpath=..").locator("table")
    assert table.is_visible()
    assert "2016" in table.inner_text()
