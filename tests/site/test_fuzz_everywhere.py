"""Odd input on every page: no query string and no form field ever produces a 500.

Public pages are requested with every parameter their filters know, and unknown ones, set
to hostile text (NUL bytes, invalid UTF-8, 10,000 characters, markup and SQL-looking text);
every URL of the resolver refuses a NUL byte in a form with a French 400 that changes
nothing.
"""

import urllib.parse

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coventis.filters import ExhibitorFilter
from fiso.filters import FinancingFilter
from structures.filters import DirectoryFilter
from tests.coventis.factories import EditionFactory
from tests.factories import UserFactory
from tests.fiso.factories import PublicFinancingFactory
from tests.site.test_authorization import EVERYONE, MATRIX, resolver_names
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import CohortFactory

pytestmark = pytest.mark.django_db

PARAMETERS = sorted(
    {
        *DirectoryFilter.base_filters,
        *FinancingFilter.base_filters,
        *ExhibitorFilter.base_filters,
        *("q", "page", "semaine", "espace", "debut", "fin", "entreprise", "exposant", "next"),
    }
)
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "x" * 10_000,
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%",
            "\\",
            "-1",
            "99999999999999999999",
            "0x41",
            "😀" * 50,
            "\u202e\u200b",
        ]
    ),
)
# Raw bytes in the query string, invalid UTF-8 included, as a crawler may send them.
RAW = st.binary(max_size=60).map(lambda b: urllib.parse.quote_from_bytes(b, safe=""))


@pytest.fixture
def public_urls():
    records = {
        "enterprise": EnterpriseFactory(),
        "edition": EditionFactory(),
        "cohort": CohortFactory(),
        "public_financing": PublicFinancingFactory(),
    }
    urls = []
    for name, (args, allowed, *method) in MATRIX.items():
        if allowed != EVERYONE or method or "#" in name:
            continue
        urls.append(reverse(name, args=args(records) if args else None))
    return urls


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_query_string_breaks_a_public_page(client, public_urls, data):
    url = data.draw(st.sampled_from(public_urls))
    params = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), HOSTILE, max_size=4))
    query = urllib.parse.urlencode(params, errors="surrogatepass")
    if data.draw(st.booleans()):
        query += f"&{data.draw(st.sampled_from(PARAMETERS))}={data.draw(RAW)}"
    response = client.get(f"{url}?{query}")
    assert response.status_code in (200, 301, 302, 400, 404), (url, query, response.status_code)
    if response.status_code == 400:
        assert "caractères invisibles" in response.content.decode()


def test_every_url_refuses_a_nul_byte_in_a_form_and_changes_nothing(client):
    """The guard sits before every view, so even a URL added tomorrow is covered."""
    from django.contrib.auth import get_user_model

    client.force_login(UserFactory())
    before = get_user_model().objects.count()
    for name in sorted(resolver_names()):
        try:
            url = reverse(name)
        except Exception:  # the URL needs arguments: its view is not reached anyway
            continue
        response = client.post(url, {"q": "a\x00b", "email": "x\x00@exemple.fr", "name": "\x00"})
        assert response.status_code == 400, (name, response.status_code)
        json_response = client.post(url, {"q": "\x00"}, headers={"Accept": "application/json"})
        assert json_response.json()["ok"] is False
    assert get_user_model().objects.count() == before
