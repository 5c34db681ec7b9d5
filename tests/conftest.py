import sys
from pathlib import Path

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


class FailOnUnknownTemplateVariable(str):
    """`string_if_invalid` that fails the test on an unknown variable in the portal's own
    templates (templates/). pytest-django's --fail-on-template-vars does the same for every
    template, but allauth's and the admin's own templates rely on silent unknown variables
    (allauth/elements/field.html reads `attrs.errors`, mfa/index.html counts recovery codes
    that may not exist), so it would fail on code that is not ours."""

    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, variable):
        frame = sys._getframe(1)
        while frame is not None:
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            if frame.f_code.co_name == "render" and origin is not None:
                if str(origin.name).startswith(PORTAL_TEMPLATES):
                    pytest.fail(f"Variable de gabarit inconnue « {variable} » dans {origin.name}")
                return ""
            frame = frame.f_back
        return ""


PORTAL_TEMPLATES = str(Path(__file__).resolve().parents[1] / "templates")


@pytest.fixture(autouse=True, scope="session")
def _fail_on_unknown_template_variable():
    """Every test fails on an unknown variable in the portal's templates."""
    from django.conf import settings

    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = FailOnUnknownTemplateVariable()
