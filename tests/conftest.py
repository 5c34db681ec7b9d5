import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache, so that rate limits of one test never leak."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailoutbox_fr(mailoutbox):
    """Return Django's test outbox (locmem mailer): every message the code sent."""
    return mailoutbox
