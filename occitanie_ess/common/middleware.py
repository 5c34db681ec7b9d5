import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.cache import cache_available


class SecurityHeadersMiddleware:
    """Add the headers Django does not set itself (Permissions-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


INPUT_REFUSED = _(
    "Le texte envoyé contient des caractères invisibles non acceptés (par exemple un "
    "caractère nul) : rien n'a été enregistré. Retirez-les et réessayez."
)
# NUL reaches PostgreSQL as an error, and a lone surrogate cannot be encoded at all.
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def _has_forbidden_text(query_dict) -> bool:
    return any(_FORBIDDEN.search(value) for values in query_dict.lists() for value in values[1])


class InputSanityMiddleware:
    """Refuse, with a French 400 page, any request whose query string or form fields hold
    a NUL byte or a lone surrogate: no view, search or form ever sees them, so none of
    them can answer a 500 or store half a text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            fields.append(request.POST)
        if any(_has_forbidden_text(query_dict) for query_dict in fields):
            if "application/json" in request.headers.get("Accept", ""):
                # Autosave and other scripts: the same refusal, in their format.
                return JsonResponse({"ok": False, "error": str(INPUT_REFUSED)}, status=400)
            return render(request, "400_input.html", status=400)
        return self.get_response(request)


class SharedCacheGuardMiddleware:
    """Refuse rate-limited POSTs (settings.RATE_LIMITED_VIEWS) with a French 503 page while
    the shared cache is down: their counters live there, and letting them through uncounted
    would lift the limits (on logins, sign-ups, second factors, submissions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        if request.resolver_match.view_name not in settings.RATE_LIMITED_VIEWS:
            return None
        if cache_available():
            return None
        return render(request, "503_cache.html", status=503)
