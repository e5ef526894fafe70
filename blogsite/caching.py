"""Versioned cache keys: one "content version" that changes whenever public content changes.

Cached list counts (blogsite.pagination.CachedCountPaginator) are stored
under keys that contain the current content version, and cached anonymous
pages (blogsite.middleware.AnonymousResponseCacheMiddleware) carry the
version they were made under. A service that writes something a visitor can
see (a post, a user) calls `content_version_bump()`: from then on every older
entry is stale, so the next read misses and renders fresh data, and the old
entries are never used again (they expire on their TTL). Nothing has to know
which pages a write touches.

The version lives in the default cache: Redis when REDIS_URL is set, shared
by every worker and instance. Without REDIS_URL each process has its own
local-memory cache, so a write is seen at once only by the process that made
it (the others catch up within the TTLs): that configuration is for a single
process, like the sessions and rate limits that live in the same cache.
Writes made outside the services (the admin, a shell, bulk loading) do not
bump the version and show within those TTLs too.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

CONTENT_VERSION_KEY = "content-version"


def _new_version() -> str:
    # Random rather than a counter: a version evicted from the cache and made
    # again can never equal an old one, so no stale entry comes back.
    return uuid.uuid4().hex[:16]


def content_version_get() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = _new_version()
        # add(), not set(): if another process made one meanwhile, theirs wins.
        if not cache.add(CONTENT_VERSION_KEY, version, timeout=None):
            version = cache.get(CONTENT_VERSION_KEY, version)
    return version


def versioned_key(*parts: str) -> str:
    """A cache key that is valid only until the next `content_version_bump()`."""
    return ":".join((content_version_get(), *parts))


def content_version_bump() -> None:
    """Call after a write that changes what anonymous visitors see.

    Bumps now, so the rest of this request (and this transaction) reads fresh
    pages; and again once the transaction commits, so a page that another
    request rendered from the not-yet-committed rows in between is dropped
    too. Outside a transaction the second bump runs at once; it is cheap.
    """
    cache.set(CONTENT_VERSION_KEY, _new_version(), timeout=None)
    transaction.on_commit(lambda: cache.set(CONTENT_VERSION_KEY, _new_version(), timeout=None))
