"""gunicorn started for real with deploy/gunicorn.conf.py: its JSON log lines, and its refusal to start."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.live_site import ROOT, free_port


def _environment(tmp_path, **environment: str) -> dict[str, str]:
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
    return env


def _migrate(tmp_path) -> None:
    command = [sys.executable, "manage.py", "migrate", "--noinput"]
    subprocess.run(command, cwd=ROOT, env=_environment(tmp_path), check=True, capture_output=True, timeout=120)  # noqa: S603 (fixed arguments)


def _gunicorn(tmp_path, port: int, *options: str, **environment: str) -> subprocess.Popen:
    command = ["gunicorn", "-c", "deploy/gunicorn.conf.py", "blogsite.wsgi", "--bind", f"127.0.0.1:{port}", *options]
    return subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=_environment(tmp_path, **environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
            return
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)


def _raw_exchange(port: int, request: bytes) -> tuple[bytes, bytes]:
    """Send one request on a fresh connection; the answer's head and everything after it, as gunicorn sent them."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, rest = answer.partition(b"\r\n\r\n")
    return head, rest


def _serve(tmp_path, exchange, **environment: str) -> str:
    """Start gunicorn, run `exchange(port)` against it, stop it: everything it printed."""
    _migrate(tmp_path)
    port = free_port()
    server = _gunicorn(tmp_path, port, **environment)
    try:
        _wait_healthy(port)
        exchange(port)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    return output


def test_gunicorn_start_up_access_and_shutdown_lines_are_json(tmp_path):
    def exchange(port: int) -> None:
        # Credentials on a request never reach a log line (gunicorn formats its access
        # line from a mapping of every request header).
        credentials = {"Authorization": "Bearer token-not-for-logs", "Cookie": "sessionid=session-not-for-logs"}
        missing = requests.get(f"http://127.0.0.1:{port}/no-such-page/", headers=credentials, timeout=5)
        assert missing.status_code == 404
        # A new account's welcome email, from the default console email backend: one JSON line too.
        account = {"username": "jsonlines", "email": "jsonlines@example.com", "password": "Qz-8-vault-Oak"}
        registered = requests.post(f"http://127.0.0.1:{port}/api/auth/register/", json=account, timeout=10)
        assert registered.status_code == 201, registered.text

    output = _serve(tmp_path, exchange, LOG_FORMAT="json")

    entries = [json.loads(line) for line in output.splitlines() if line.strip()]  # fails on any line not JSON
    assert "not-for-logs" not in output
    messages = {(entry["logger"], entry["message"].split(" ")[0]) for entry in entries}
    assert ("gunicorn.error", "Starting") in messages
    assert ("gunicorn.error", "Shutting") in messages
    access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert any('"GET /no-such-page/ HTTP/1.1" 404' in entry["message"] for entry in access)
    assert ("django.request", "Not") in messages  # Django's "Not Found" warning
    [email] = [entry for entry in entries if entry["logger"] == "blogsite.email"]
    assert "To: jsonlines@example.com" in email["message"]
    assert "Subject: Welcome to blogsite" in email["message"]


def test_the_text_access_line_escapes_what_a_client_sent(tmp_path):
    def exchange(port: int) -> None:
        sent = {"User-Agent": "Mozilla\x1b[2J\x1b[31m", "X-Forwarded-For": '1.2.3.4" request_id=FORGED'}
        assert requests.get(f"http://127.0.0.1:{port}/about/", headers=sent, timeout=5).status_code == 200

    output = _serve(tmp_path, exchange, LOG_FORMAT="text")

    [line] = [line for line in output.splitlines() if '"GET /about/ HTTP/1.1" 200' in line]
    assert "\x1b" not in output  # no escape sequence reaches the terminal reading the log
    assert '"Mozilla\\x1b[2J\\x1b[31m"' in line
    assert line.endswith('forwarded_for="1.2.3.4\\" request_id=FORGED"')  # inside its quotes


def test_json_lines_go_to_the_log_files_named_on_the_command_line(tmp_path):
    """As deploy/stack.sh starts its instances; the JSON format used to send everything to stdout and stderr."""
    _migrate(tmp_path)
    port = free_port()
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    options = ("--access-logfile", str(access), "--error-logfile", str(errors))
    server = _gunicorn(tmp_path, port, *options, LOG_FORMAT="json")
    try:
        _wait_healthy(port)
        requests.get(f"http://127.0.0.1:{port}/about/", timeout=5)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)

    access_entries = [json.loads(line) for line in access.read_text().splitlines()]
    error_entries = [json.loads(line) for line in errors.read_text().splitlines()]
    assert any('"GET /about/ HTTP/1.1" 200' in entry["message"] for entry in access_entries)
    assert {entry["logger"] for entry in access_entries} == {"gunicorn.access"}
    assert any(entry["message"].startswith("Starting gunicorn") for entry in error_entries)


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


def test_a_head_answer_ends_with_its_headers_and_a_long_url_reaches_the_site(tmp_path):
    port = free_port()
    server = _gunicorn(tmp_path, port)
    try:
        _wait_healthy(port)
        head, rest = _raw_exchange(port, b"HEAD /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        # 5,000 characters: over gunicorn's default request line limit (4094), under nginx's 8 KB.
        long_url = requests.get(f"http://127.0.0.1:{port}/about/?next=/{'a' * 5000}", timeout=10)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)

    assert head.startswith(b"HTTP/1.1 200 ")
    assert b"Content-Length: " in head
    assert rest == b""  # a body here would be read as the start of the next answer on a kept-alive connection
    assert long_url.status_code == 200
    assert long_url.headers["X-Content-Type-Options"] == "nosniff"


def test_scheme_headers_other_than_nginxs_are_not_believed(tmp_path):
    """gunicorn's 400 "Contradictory scheme headers" for a client's X-Forwarded-Ssl: the site answers instead."""
    _migrate(tmp_path)
    port = free_port()
    server = _gunicorn(tmp_path, port)
    try:
        _wait_healthy(port)
        headers = {"X-Forwarded-Proto": "http", "X-Forwarded-Ssl": "on", "X-Forwarded-Protocol": "ssl"}
        answer = requests.get(f"http://127.0.0.1:{port}/api/server-info/", headers=headers, timeout=10)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["layers"]["proxy"]["scheme"] == "http"  # as X-Forwarded-Proto says
