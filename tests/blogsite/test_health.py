"""/healthz and /readyz (contract section 4).

The broken-dependency cases point the settings at a cache or database that
does not answer, rather than patching the checks themselves.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def unused_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_redis_cache() -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


def readyz_in_a_fresh_process(**env: str) -> tuple[int, dict]:
    """GET /readyz in a new Python process whose settings come from `env`.

    The test database connection of this process cannot be pointed elsewhere
    safely, so a database outage is tried in a process of its own.
    """
    code = (
        "import django\n"
        "django.setup()\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "from django.test import Client\n"
        "response = Client().get('/readyz')\n"
        "print(response.status_code)\n"
        "print(response.content.decode())\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "blogsite.test_settings", **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, body = result.stdout.strip().splitlines()[-2:]
    return int(status), json.loads(body)


@pytest.mark.django_db
def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_ignore_credentials_and_answer_json_whatever_is_accepted(client, path):
    # A probe configured with a stale token, or a browser, still learns whether the site is up.
    response = client.get(path, HTTP_AUTHORIZATION="Bearer expired-or-garbage", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_head_as_load_balancers_send_it(client, path):
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_take_get_and_head_only(client, path):
    response = client.post(path)
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


@pytest.mark.django_db
def test_readyz_reports_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_readyz_is_degraded_but_200_while_the_cache_is_down(client, settings):
    settings.CACHES = dead_redis_cache()

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "unavailable"}}


@pytest.mark.django_db
def test_healthz_stays_ok_while_the_cache_is_down(client, settings):
    settings.CACHES = dead_redis_cache()
    assert client.get("/healthz").json() == {"status": "ok"}


DEAD_DATABASES = [
    pytest.param("sqlite:////nonexistent-directory/blogsite.sqlite3", id="sqlite-file-unreachable"),
    pytest.param(f"postgres://blogsite:blogsite@127.0.0.1:{unused_port()}/blogsite", id="postgres-refused"),
]


@pytest.mark.parametrize("database_url", DEAD_DATABASES)
def test_readyz_is_503_unavailable_while_the_database_is_down(database_url):
    status, body = readyz_in_a_fresh_process(DATABASE_URL=database_url, REDIS_URL="")

    assert status == 503
    assert body == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}}


def test_readyz_is_503_when_database_and_cache_are_both_down():
    status, body = readyz_in_a_fresh_process(
        DATABASE_URL=DEAD_DATABASES[0].values[0], REDIS_URL=f"redis://127.0.0.1:{unused_port()}/0"
    )

    assert status == 503
    assert body == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "unavailable"}}
