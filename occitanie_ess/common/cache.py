"""The cache: whole-page caching of public pages, the version that invalidates it on every
edit, and a Redis cache that survives a Redis outage.

Every cached public fragment is keyed on `public_version()`, a counter in the shared
cache. A save or delete of any model of the apps listed in PUBLIC_CACHE_APPS (and any
change of a many-to-many relation among them) bumps it, so a staff edit reaches the public
pages at once: the next request looks under the new version and renders afresh, while the
entries of the old one expire by themselves.
"""

import logging
import time
from functools import wraps

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_cookie
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "public-version"


# A request reads the version once: what it renders (the form's options, the search's
# synonyms, the page's cache key) comes from one version, for one cache round trip.
_request = Local()


def public_version() -> int:
    """Return the current version of the public data: one cache read, once per request
    (outside a request, at every call)."""
    version = getattr(_request, "version", None)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _fresh_version()
    if getattr(_request, "active", False):
        _request.version = version
    return version


def _request_started(**kwargs):
    _request.active = True
    _request.version = None


def _request_finished(**kwargs):
    _request.active = False
    _request.version = None


class PublicDataMemo:
    """Values computed from public data (a form's options, the synonyms, the facets'
    labels), kept in this process until the public data version changes, that is until an
    edit in any process: no cache round trip and no unpickling per request, and no stale
    value after an edit. Bounded: past `limit` keys it starts again."""

    def __init__(self, limit: int = 512):
        self.limit = limit
        self.version = None
        self.values: dict = {}

    def get(self, key, build):
        """Return the value for `key`, calling `build()` for it once per version."""
        version = public_version()
        values = self.values
        if version != self.version:
            values = self.values = {}
            self.version = version
        try:
            return values[key]
        except KeyError:
            pass
        if len(values) >= self.limit:
            values.clear()
        # Into the dict read above: a value built from an older version is never kept
        # under a newer one by another thread.
        value = values[key] = build()
        return value


def public_data_memo(function):
    """Decorate a function without arguments whose result depends on public data only:
    computed once per process and public data version (PublicDataMemo)."""
    memo = PublicDataMemo(limit=1)

    @wraps(function)
    def wrapper():
        return memo.get(None, function)

    return wrapper


def _fresh_version() -> int:
    """Start the counter from the clock (in microseconds), so that a version lost with the
    cache (flushed, evicted) is never given again to data that has changed since."""
    # add() keeps a value another process set meanwhile.
    cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
    return cache.get(VERSION_KEY) or time.time_ns() // 1000


def public_version_bump() -> None:
    """Make every cached public page and fragment stale (for this request too)."""
    _request.version = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): a new start is a new version.
        _fresh_version()


def _is_public(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    return meta is not None and meta.app_label in settings.PUBLIC_CACHE_APPS


def public_data_changed() -> None:
    """Bump the version now (the writer's own next read is fresh) and again once the
    transaction commits (a page rendered meanwhile from the old rows is not kept)."""
    public_version_bump()
    transaction.on_commit(public_version_bump, robust=True)


def _bump(sender, **kwargs):
    if _is_public(sender):
        public_data_changed()


def _bump_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _bump(sender)


def connect_signals() -> None:
    """Connect the receivers (called once by occitanie_ess.common's AppConfig.ready())."""
    post_save.connect(_bump, dispatch_uid="public-cache-save")
    post_delete.connect(_bump, dispatch_uid="public-cache-delete")
    m2m_changed.connect(_bump_m2m, dispatch_uid="public-cache-m2m")
    request_started.connect(_request_started, dispatch_uid="public-version-request-started")
    request_finished.connect(_request_finished, dispatch_uid="public-version-request-finished")


def public_page_cache(view):
    """Serve the view's responses from the cache for PUBLIC_PAGE_CACHE_SECONDS (read per
    request, 0 turns it off), under the current public version. Django keys the cache on
    the URL and on the response's Vary headers (Cookie, and any the view adds), so a
    signed-in user never gets an anonymous visitor's page, nor the reverse. Vary: Cookie is
    set on the view itself, because the session middleware adds it only after the
    decorator has stored the page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds:
            return view(request, *args, **kwargs)
        prefix = f"public-v{public_version()}"
        cached = cache_page(seconds, key_prefix=prefix)(vary_on_cookie(view))
        return cached(request, *args, **kwargs)

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
