"""Property-based tests: no query string on the site-wide pages produces a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=ANY_TEXT, page=ANY_TEXT)
def test_search_never_fails(client, query, page):
    response = client.get("/recherche/", {"q": query, "page": page})
    assert response.status_code == 200


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/%.", max_size=60))
def test_unknown_paths_are_404_never_500(client, path):
    response = client.get("/" + path)
    assert response.status_code in (200, 301, 302, 404, 405)
