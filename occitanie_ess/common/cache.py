"""Whole-page caching of public list pages."""

from functools import wraps

from django.conf import settings
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_cookie


def public_page_cache(view):
    """Serve the view's responses from the cache for PUBLIC_PAGE_CACHE_SECONDS (read per
    request, 0 turns it off). Django keys the cache on the URL and on the response's Vary
    headers (Cookie, and any the view adds), so a signed-in user never gets an anonymous
    visitor's page, nor the reverse. Vary: Cookie is set on the view itself, because the
    session middleware adds it only after the decorator has stored the page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds:
            return view(request, *args, **kwargs)
        return cache_page(seconds)(vary_on_cookie(view))(request, *args, **kwargs)

    return wrapped
