"""The cache: whole-page caching of public list pages, and a Redis cache that survives a
Redis outage."""

import logging
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_cookie
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


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


def _degrade(name, method):
    """Wrap a cache method so that a Redis error answers as a miss (and is logged)."""

    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s): %s", name, error)
            if name in ("incr", "decr"):
                # Callers treat a missing counter as one to start again.
                raise ValueError("cache unavailable") from error
            if name in ("get", "get_or_set"):
                default = kwargs.get("default", args[1] if len(args) > 1 else None)
                return default() if callable(default) else default
            return {"get_many": {}, "set_many": list(args[0]) if args else []}.get(name, False)

    return call


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, which degrades to misses when Redis does not answer.

    A cache outage must not take pages down: reads answer the default, writes do nothing,
    and the error is logged. What must not run without the shared counters (rate-limited
    POSTs) asks `cache_available()` first (see SharedCacheGuardMiddleware).
    """

    def ping(self) -> bool:
        """Return True when Redis answers a PING."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False


for _name in (
    "get",
    "get_many",
    "get_or_set",
    "set",
    "set_many",
    "add",
    "touch",
    "delete",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "clear",
):
    setattr(ResilientRedisCache, _name, _degrade(_name, getattr(RedisCache, _name)))


def cache_available() -> bool:
    """Return True unless the default cache is a Redis that does not answer."""
    ping = getattr(caches["default"], "ping", None)
    return ping() if ping else True
