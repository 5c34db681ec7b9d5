import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Keep uploaded files of every test in its own temporary folder; hash the test users'
    passwords quickly (PBKDF2 at full strength costs seconds per user on a shared CI)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT.mkdir()
    settings.ADMIN_REQUIRE_MFA = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.PRIVATE_MEDIA_ROOT
