"""Redis down: the site keeps serving, degraded and logged.

The cache is the one settings.py builds for a REDIS_URL (read in a subprocess,
since settings are computed at start-up) pointed at a port where nothing
listens: the real django-redis client, failing for real.
"""

import logging

import pytest
from django.core.cache import cache, caches

from tests.factories import PostFactory

CLOSED_PORT = 8249  # in this project's test port range; nothing listens there


@pytest.fixture(scope="module")
def redis_down_settings(settings_under):
    names = ["CACHES", "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"]
    return settings_under(names, REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/3")


@pytest.fixture
def redis_down(settings, redis_down_settings):
    for name, value in redis_down_settings.items():
        setattr(settings, name, value)  # changing CACHES makes Django build new cache clients
    assert type(caches["default"]).__module__ == "django_redis.cache"


def test_cache_calls_miss_instead_of_failing(redis_down, caplog):
    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        cache.set("key", "value")
        assert cache.get("key") is None
    assert any(record.exc_info for record in caplog.records), "ignored Redis errors are logged"


@pytest.mark.django_db
def test_pages_and_the_api_keep_serving(redis_down, client, api_client):
    PostFactory()
    assert client.get("/").status_code == 200
    assert api_client.get("/api/posts/").status_code == 200


@pytest.mark.django_db
def test_rate_limits_fail_open(redis_down, settings, client, api_client, user):
    settings.RATELIMIT_RATE = "1/h"
    settings.RATELIMIT_LOGIN_RATE = "1/h"
    assert [client.get("/about/").status_code for _ in range(3)] == [200, 200, 200]
    wrong = {"username": user.username, "password": "Wrong-passw0rd"}
    assert [api_client.post("/api/auth/token/", wrong).status_code for _ in range(3)] == [401, 401, 401]


@pytest.mark.django_db
def test_sessions_fall_back_to_the_database(redis_down, client, user, password):
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200
    assert user.username in dashboard.content.decode()


@pytest.mark.django_db
def test_readyz_says_degraded(redis_down, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "unavailable"}}
