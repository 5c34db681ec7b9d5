"""System checks of the portal's own deployment rules."""

from django.conf import settings
from django.core.checks import Error, register

_PER_PROCESS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register("caches", deploy=False)
def shared_cache_required(app_configs, **kwargs):
    """Without DEBUG, the default cache must be shared by every process: rate limits (login,
    second factor, sign-up) counted per process are multiplied by the number of workers.
    Offline build commands (makemigrations, collectstatic…) serve no one: not checked."""
    if settings.DEBUG or getattr(settings, "OFFLINE_COMMAND", False):
        return []
    if settings.CACHES["default"]["BACKEND"] not in _PER_PROCESS:
        return []
    return [
        Error(
            "Un cache partagé (Redis) est obligatoire hors développement : définissez REDIS_URL.",
            hint="REDIS_URL=redis://127.0.0.1:6379/0 ; see .env.example.",
            id="occitanie_ess.E001",
        )
    ]
