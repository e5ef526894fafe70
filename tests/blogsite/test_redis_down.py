"""Redis down: the site keeps serving, degraded and logged.

The cache is the one settings.py builds for a REDIS_URL (read in a subprocess,
since settings are computed at start-up) pointed at a port where nothing
listens: the real django-redis client, failing for real.
"""

import json
import logging
import time

import pytest
from django.core.cache import cache, caches

from blogsite.log import OncePerInterval
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


def test_cache_calls_miss_instead_of_failing(redis_down):
    cache.set("key", "value")
    assert cache.get("key") is None


def test_the_failures_are_logged_once_a_minute_not_once_a_call(run_python):
    # In a process of its own: the once-a-minute filter keeps its state per process.
    code = (
        "import sys, logging, django; django.setup(); "
        "logging.getLogger().handlers[0].setStream(sys.stdout); "
        "from django.core.cache import cache; "
        "[cache.get('key') for _ in range(20)]"
    )
    output = run_python(code, REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/3", LOG_FORMAT="json")

    [entry] = [json.loads(line) for line in output.splitlines()]
    assert (entry["logger"], entry["level"], entry["message"]) == ("django_redis.cache", "ERROR", "Exception ignored")
    assert "ConnectionError" in entry["exc_info"]


def test_the_once_a_minute_filter_counts_what_it_dropped_and_says_when():
    limit = OncePerInterval(seconds=0.2)
    # Made at 10:00:00, 10:00:05, 10:00:07 and, after the outage, at 10:03:00.
    made = [time.mktime((2026, 12, 6, 10, 0, second, 0, 0, -1)) for second in (0, 5, 7, 180)]
    records = [logging.makeLogRecord({"msg": "Exception ignored", "created": at}) for at in made]

    passed = [limit.filter(record) for record in records[:3]]
    time.sleep(0.25)
    assert passed == [True, False, False]
    assert limit.filter(records[3])
    # Reported with the next record let through, which can come long after: it says when they were made.
    assert records[3].getMessage() == "Exception ignored (2 more like it not logged, from 10:00:05 to 10:00:07)"


def test_the_once_a_minute_filter_lets_each_kind_of_failure_through():
    limit = OncePerInterval(seconds=60)
    messages = [
        "Database unavailable: connection refused",
        "Database unavailable: connection refused",
        "Database unavailable: no such table: accounts_notification",
    ]

    passed = [limit.filter(logging.makeLogRecord({"msg": message})) for message in messages]

    assert passed == [True, False, True]  # the second kind is not hidden behind the first


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
