import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("home"), secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_load_nothing_from_another_host(client):
    html = client.get(reverse("home")).content.decode()
    for attribute in ('src="http', 'src="//', 'href="//'):
        assert attribute not in html
    assert '<link rel="stylesheet" href="/static/' in html
