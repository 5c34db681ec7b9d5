import io
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


@pytest.fixture(scope="module")
def demo_data(request, django_db_setup, django_db_blocker):
    """Load the demo data once for the module (DEMO_ENTERPRISES enterprises, if the module
    sets it, else 40), inside a transaction rolled back after it."""
    from django.core.management import call_command
    from django.db import transaction

    enterprises = getattr(request.module, "DEMO_ENTERPRISES", 40)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--enterprises", str(enterprises), stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Keep the files uploaded by each test in its own temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT.mkdir()
    return settings.PRIVATE_MEDIA_ROOT


PORTAL_TEMPLATES = str(Path(__file__).resolve().parents[1] / "templates")
# Templates that only tests render (a panel a test registers…), named tests/….
TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"
OUR_TEMPLATES = (PORTAL_TEMPLATES, str(TEST_TEMPLATES))


class PortalTemplatesOnly:
    """`string_if_invalid` that hands an unknown variable met in our own templates
    (templates/, tests/templates/) to pytest-django's --fail-on-template-vars handler, which
    fails the test, and leaves third-party templates their silent unknown variables:
    allauth's elements/field.html reads `attrs.errors` and its mfa/index.html counts
    recovery codes that may not exist, which is not our code to fix. A test marked
    `ignore_template_errors` sets `fail` to False, as with pytest-django's own handler."""

    def __init__(self, handler):
        self.handler = handler
        self.fail = True

    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, variable):
        frame = sys._getframe(1)
        while frame is not None:
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            if frame.f_code.co_name == "render" and origin is not None:
                if self.fail and str(origin.name).startswith(OUR_TEMPLATES):
                    return self.handler % variable
                return ""
            frame = frame.f_back
        return ""


@pytest.fixture(autouse=True, scope="session")
def _test_templates(_fail_for_invalid_template_variable):
    """Add tests/templates/ to the template folders, and keep pytest-django's
    --fail-on-template-vars (on for every test, see addopts) to our own templates; without
    the option, unknown variables render empty as usual."""
    from django.conf import settings
    from django.test import override_settings

    engine = settings.TEMPLATES[0]
    options = {**engine["OPTIONS"]}
    if options.get("string_if_invalid"):
        options["string_if_invalid"] = PortalTemplatesOnly(options["string_if_invalid"])
    templates = [
        {**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES], "OPTIONS": options},
        *settings.TEMPLATES[1:],
    ]
    # Through override_settings, so that an engine built before (at import time) is rebuilt.
    with override_settings(TEMPLATES=templates):
        yield
