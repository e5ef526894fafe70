"""Versioned cache entries: one "content version" that changes whenever public content changes.

Cached list counts (blogsite.pagination.CachedCountPaginator) and cached
anonymous pages (blogsite.response_cache.AnonymousResponseCacheMiddleware) carry
the version they were made under, and are read together with the current
version (`cached_with_version`: one Redis round trip). A service that writes something a visitor can
see (a post, a user) calls `content_version_bump()`: from then on every older
entry is stale, so the next read misses and renders fresh data, and the old
entries are never used again (they expire on their TTL). Nothing has to know
which pages a write touches. The price of that simplicity: every write
empties every cached page. It pays while public writes are rare next to
anonymous reads, as here; a model written often (comments, likes) would want
a version of its own, bumped and read only by the pages that show it.

The version must be seen by every process that serves the site, at once:
- with a shared cache (Redis, REDIS_URL set) it lives in that cache, next to
  the entries, for every worker and instance;
- with the local-memory cache each gunicorn worker has its own cache, so the
  version lives in a small stamp file instead (its modification time is the
  version): one stat() per read, and a write in one worker makes the pages
  cached by every other worker on this machine stale too. The file is in
  the system's temporary folder: a command run with another TMPDIR than the
  server's (or a server given a private /tmp, as systemd's PrivateTmp does)
  does not reach the server's pages.
The admin's saves and deletes of posts and users bump it as well
(blogsite.admin), and so does seed_demo. Writes made elsewhere (Django's
createsuperuser and loaddata, a shell, raw SQL) do not; they show within
the entries' TTLs: a minute for the cached lists and their counts.
"""

import hashlib
import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from blogsite.hot_settings import hot

CONTENT_VERSION_KEY = "content-version"


def _cache_is_shared() -> bool:
    return not hot.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _stamp_file() -> Path:
    # One stamp per project folder, so two checkouts on one machine do not
    # invalidate each other's pages (a dev server and the tests of one
    # checkout share it: that only costs them a few extra misses).
    digest = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"blogsite-content-{digest}.version"


def _stamp_read() -> str:
    try:
        return str(_STAMP.stat().st_mtime_ns)
    except FileNotFoundError:
        _stamp_write()
        return str(_STAMP.stat().st_mtime_ns)


def _stamp_write() -> None:
    _STAMP.touch()
    now = time.time_ns()
    os.utime(_STAMP, ns=(now, now))


_STAMP = _stamp_file()


def _new_version() -> str:
    # Random rather than a counter: a version evicted from the cache and made
    # again can never equal an old one, so no stale entry comes back.
    return uuid.uuid4().hex[:16]


def content_version_get() -> str:
    if not _cache_is_shared():
        return _stamp_read()
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = _new_version()
        # add(), not set(): if another process made one meanwhile, theirs wins.
        if not cache.add(CONTENT_VERSION_KEY, version, timeout=None):
            version = cache.get(CONTENT_VERSION_KEY, version)
    return version


def cached_with_version(key: str) -> tuple[str, object]:
    """The current content version and the entry under `key` (None if absent).

    With a shared cache both come in one round trip.
    """
    if not _cache_is_shared():
        return _stamp_read(), cache.get(key)
    found = cache.get_many([CONTENT_VERSION_KEY, key])
    return found.get(CONTENT_VERSION_KEY) or content_version_get(), found.get(key)


def _bump() -> None:
    if _cache_is_shared():
        cache.set(CONTENT_VERSION_KEY, _new_version(), timeout=None)
    else:
        _stamp_write()


def content_version_bump() -> None:
    """Call after a write that changes what anonymous visitors see.

    Bumps now, so the rest of this request (and this transaction) reads fresh
    pages; and again once the transaction commits, so a page that another
    request rendered from the not-yet-committed rows in between is dropped
    too. Outside a transaction the second bump runs at once; it is cheap.
    """
    _bump()
    transaction.on_commit(_bump)
