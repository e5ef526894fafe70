import warnings

from django.core.cache.backends.base import CacheKeyWarning

from blogsite.cache import LocMemCache


def test_the_local_memory_cache_stores_counts_and_expires_like_djangos():
    cache = LocMemCache("test-backend", {})
    assert cache.add("count", 1, timeout=60)
    assert not cache.add("count", 5, timeout=60)
    assert cache.incr("count") == 2
    cache.set("gone", "x", timeout=-1)
    assert cache.get("gone") is None
    assert cache.get_many(["count", "gone"]) == {"count": 2}


def test_a_key_memcached_would_refuse_is_stored_without_a_warning():
    cache = LocMemCache("test-backend-keys", {})
    key = "a key with spaces and a control character \x01 " + "x" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        cache.set(key, "value")
        assert cache.get(key) == "value"
