import pytest
from django.core.cache import cache
from redis.exceptions import RedisError


def cache_clear():
    """Empty this worker's part of the shared cache (its key prefix), not the others'. A
    test may have pointed the cache at a Redis that is down: nothing to clear then."""
    try:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except RedisError:
        pass


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache, so that rate limits of one test never leak."""
    cache_clear()
    yield
    cache_clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash the test users' passwords quickly: PBKDF2 at full strength costs about a second
    per user on a shared 2-core machine. PBKDF2 stays available to check real hashes."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def admin_user(db):
    """A superuser with a second factor, as production requires to reach the admin
    (pytest-django's `admin_client` signs this user in)."""
    from tests.factories import SuperuserFactory

    return SuperuserFactory()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Keep the files uploaded by each test in its own temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT.mkdir()
    return settings.PRIVATE_MEDIA_ROOT
