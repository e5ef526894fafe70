"""The local-memory cache backend used when REDIS_URL is not set (settings.CACHES).

Django's LocMemCache, without the memcached key check. Every operation runs
validate_key(), which only warns when a key would not work on memcached
(over 250 characters, spaces or control characters). This site's caches are
local memory or Redis, never memcached, and a cached page does three cache
operations (the rate-limit add and increment, the page read), so the check
is a measurable part of it. Overriding validate_key is the way Django's cache
documentation gives ("Cache key warnings").
"""

from django.core.cache.backends import locmem


class LocMemCache(locmem.LocMemCache):
    def validate_key(self, key):
        pass
