"""gunicorn started for real with deploy/gunicorn.conf.py: its JSON log lines, and its refusal to start."""

import json
import os
import secrets
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.live_site import ROOT, free_port


def _gunicorn(tmp_path, port: int, **environment: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_ACCESSLOG": "-",
        "WEB_CONCURRENCY": "1",
        **environment,
    }
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = ["gunicorn", "-c", "deploy/gunicorn.conf.py", "blogsite.wsgi", "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [sys.executable, "-m", *command], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_gunicorn_start_up_access_and_shutdown_lines_are_json(tmp_path):
    port = free_port()
    server = _gunicorn(tmp_path, port, LOG_FORMAT="json")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert requests.get(f"http://127.0.0.1:{port}/no-such-page/", timeout=5).status_code == 404
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)

    entries = [json.loads(line) for line in output.splitlines() if line.strip()]  # fails on any line not JSON
    messages = {(entry["logger"], entry["message"].split(" ")[0]) for entry in entries}
    assert ("gunicorn.error", "Starting") in messages
    assert ("gunicorn.error", "Shutting") in messages
    access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert any('"GET /no-such-page/ HTTP/1.1" 404' in entry["message"] for entry in access)
    assert ("django.request", "Not") in messages  # Django's "Not Found" warning


@pytest.mark.parametrize("preload", ["1", "0"])
def test_without_a_secret_key_gunicorn_stops_with_the_one_line_error(tmp_path, preload):
    # With GUNICORN_PRELOAD=0 each worker loads the settings: gunicorn used to start
    # each failed worker again, for ever, instead of stopping.
    server = _gunicorn(tmp_path, free_port(), DJANGO_SECRET_KEY="", GUNICORN_PRELOAD=preload)
    try:
        output, _ = server.communicate(timeout=60)
    finally:
        server.kill()

    assert server.returncode != 0
    assert output.count("ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0") == 1
    assert "Traceback" not in output
