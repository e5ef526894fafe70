"""Django's idle per-request receivers are disconnected at start-up, and only while they are idle.

blogsite.request_signals: reset_queries with DEBUG off, close_caches while no
configured cache closes anything, reset_urlconf, and close_old_connections at
the start of a request while kept connections are health-checked; it stays
at the end of a request. The production checks run in a fresh process that loads the WSGI
application as gunicorn does (the test process's receivers are moved about
by the test client and by query capturing).
"""

import json

import pytest
from django.core.cache import close_caches
from django.core.handlers.base import reset_urlconf
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, reset_queries

from blogsite.request_signals import idle_request_receivers

# Run in a fresh process: the app loaded as gunicorn loads it, and serve()
# serving /readyz (one query) as a WSGI server would.
SERVE = """
import io, json, time
from blogsite.wsgi import application
from django.core.signals import request_finished, request_started
from django.db import connection


def serve():
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/readyz", "QUERY_STRING": "", "SERVER_NAME": "localhost",
        "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
    }
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    body.close()
    return statuses[0]
"""

# Serve once, then report which receivers are connected and whether the
# database connection is still open.
SERVE_AND_REPORT = (
    SERVE
    + """
def names(signal):
    return sorted({receiver.__name__ for receiver in signal._live_receivers(None)[0]})


status = serve()
print(json.dumps({
    "status": status,
    "started": names(request_started),
    "finished": names(request_finished),
    "connection_open": connection.connection is not None,
}))
"""
)

# Serve three times, and between the requests do to the kept connection what
# time and the database server can.
SERVE_ACROSS_IDLE_TIMES = (
    SERVE
    + """
report = {"first": serve(), "kept": connection.connection is not None}
report["to_be_checked"] = connection.health_check_done is False
kept = connection.connection
# The database server drops the idle connection (its health check fails from now on).
connection.is_usable = lambda: False
report["second"] = serve()
report["replaced"] = connection.connection is not None and connection.connection is not kept
del connection.is_usable
# The connection reaches CONN_MAX_AGE while the worker sits idle.
connection.close_at = time.monotonic() - 1
report["third"] = serve()
report["closed_after_third"] = connection.connection is None
print(json.dumps(report))
"""
)


@pytest.fixture
def production_environment(tmp_path):
    return {
        "DJANGO_SETTINGS_MODULE": "blogsite.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": None,
    }


@pytest.fixture
def serve_once(run_python, production_environment):
    """Serve one request in a production process (DJANGO_DEBUG=0) under these variables; its report."""

    def serve(**environment: str) -> dict:
        return json.loads(run_python(SERVE_AND_REPORT, **{**production_environment, **environment}))

    return serve


def test_a_production_process_runs_only_the_receivers_that_do_something(serve_once):
    report = serve_once()

    assert report["status"].startswith("200")
    # Nothing at the start of a request; close_old_connections and our request-id reset at the end.
    assert report["started"] == []
    assert report["finished"] == ["_forget_request_id", "close_old_connections"]


def test_a_kept_connection_is_checked_before_reuse_and_closed_once_past_its_age(run_python, production_environment):
    report = json.loads(run_python(SERVE_ACROSS_IDLE_TIMES, **production_environment, CONN_MAX_AGE="60"))

    assert [report["first"], report["second"], report["third"]] == ["200 OK"] * 3
    # Kept after a request, and marked for a health check before the next one uses it.
    assert report["kept"] is True
    assert report["to_be_checked"] is True
    # One the server dropped while idle is replaced before the next request's query.
    assert report["replaced"] is True
    # One that reached its age while idle serves that request and is closed at its end.
    assert report["closed_after_third"] is True


@pytest.mark.parametrize(
    "max_age, looked_at_before_each_request",
    [
        (60, True),  # kept without health checks: only the look at the start finds one past its age
        (0, False),  # closed after every request: nothing is kept to look at
    ],
)
def test_without_health_checks_only_kept_connections_are_looked_at_before_each_request(
    settings, max_age, looked_at_before_each_request
):
    with pytest.warns(UserWarning, match="DATABASES"):
        settings.DATABASES = {
            "default": {**settings.DATABASES["default"], "CONN_MAX_AGE": max_age, "CONN_HEALTH_CHECKS": False}
        }

    dropped = (request_started, close_old_connections) in idle_request_receivers()
    assert dropped is not looked_at_before_each_request


def test_connections_past_their_age_are_still_closed_at_the_end_of_a_request(serve_once):
    # CONN_MAX_AGE=0: a connection lives for one request; close_old_connections closes it.
    assert serve_once(CONN_MAX_AGE="0")["connection_open"] is False
    assert serve_once(CONN_MAX_AGE="60")["connection_open"] is True


def test_with_debug_on_the_query_log_is_still_emptied_at_each_request(serve_once):
    report = serve_once(DJANGO_DEBUG="1")

    assert report["started"] == ["reset_queries"]


def test_with_redis_the_cache_close_is_idle_too(settings):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}

    assert (request_finished, close_caches) in idle_request_receivers()


@pytest.mark.parametrize(
    "caches, redis_close_setting",
    [
        # django-redis asked to close its connections after each request, in OPTIONS or in settings.
        (
            {
                "default": {
                    "BACKEND": "django_redis.cache.RedisCache",
                    "LOCATION": "redis://127.0.0.1:1/0",
                    "OPTIONS": {"CLOSE_CONNECTION": True},
                }
            },
            False,
        ),
        ({"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}, True),
        # A second cache whose close() disconnects (memcached), beside local memory.
        (
            {
                "default": {"BACKEND": "blogsite.cache.LocMemCache"},
                "sessions": {
                    "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                    "LOCATION": "127.0.0.1:1",
                },
            },
            False,
        ),
    ],
    ids=["redis-close-option", "redis-close-setting", "memcached"],
)
def test_caches_that_close_something_keep_the_cache_receiver(settings, caches, redis_close_setting):
    settings.CACHES = caches
    settings.DJANGO_REDIS_CLOSE_CONNECTION = redis_close_setting

    assert (request_finished, close_caches) not in idle_request_receivers()


def test_the_test_settings_drop_the_same_receivers_as_production(settings):
    settings.DEBUG = False

    assert idle_request_receivers() == [
        (request_started, reset_queries),
        (request_finished, close_caches),
        (request_finished, reset_urlconf),
        (request_started, close_old_connections),
    ]
    assert (request_finished, close_old_connections) not in idle_request_receivers()
