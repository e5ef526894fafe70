import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from blogsite.log import JsonFormatter, TimeOncePerSecondFormatter


def _access_lines(stream):
    return [line for line in stream.getvalue().splitlines() if "blogsite.access" in line]


@pytest.mark.django_db
def test_one_text_line_per_request_with_method_path_status_duration_and_ids(auth_client, user, console_log):
    auth_client.get("/api/users/me/", HTTP_X_REQUEST_ID="req-1")
    [line] = _access_lines(console_log)
    assert "GET /api/users/me/ 200 " in line
    assert "ms " in line
    assert "[req-1]" in line
    assert f"user={user.pk}" in line
    assert "ip=127.0.0.1" in line


@pytest.mark.django_db
def test_the_text_line_has_the_time_level_logger_request_id_and_message(client, console_log):
    client.get("/about/", HTTP_X_REQUEST_ID="whole-line")
    [line] = _access_lines(console_log)
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO blogsite.access \[whole-line\] "
        r"GET /about/ 200 \d+\.\dms user=None ip=127\.0\.0\.1",
        line,
    )


@pytest.mark.parametrize("datefmt", [None, "%Y-%m-%dT%H:%M:%S%z"])
def test_the_time_formatted_once_per_second_is_the_time_logging_formats(datefmt):
    ours, standard = TimeOncePerSecondFormatter(), logging.Formatter()
    for created in (1_700_000_000.0, 1_700_000_000.25, 1_700_000_000.999, 1_700_000_001.5, 1_700_000_000.5):
        record = logging.makeLogRecord({"created": created, "msecs": (created % 1) * 1000})
        assert ours.formatTime(record, datefmt) == standard.formatTime(record, datefmt)


def test_records_still_carry_the_process_id_that_gunicorns_log_format_prints():
    record = logging.getLogger("gunicorn.error").makeRecord("gunicorn.error", logging.INFO, "f", 1, "up", None, None)
    line = logging.Formatter("%(asctime)s [%(process)d] [%(levelname)s] %(message)s").format(record)
    assert f"[{os.getpid()}] [INFO] up" in line


@pytest.mark.django_db
@pytest.mark.parametrize(("num_proxies", "logged"), [(0, "10.0.0.2"), (1, "203.0.113.7")])
def test_the_logged_ip_is_the_client_as_num_proxies_trusts_it(client, console_log, settings, num_proxies, logged):
    settings.NUM_PROXIES = num_proxies
    client.get("/about/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    [line] = _access_lines(console_log)
    assert line.endswith(f" ip={logged}")


@pytest.mark.django_db
def test_anonymous_and_failing_requests_are_logged_too(client, console_log):
    client.get("/no-such-page/")
    [line] = _access_lines(console_log)
    assert "GET /no-such-page/ 404 " in line
    assert "user=None" in line


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "logged"),
    [
        ("/x%0a2026-01-01%2000:00:00,000%20INFO%20forged", r"/x\n2026-01-01%2000:00:00,000%20INFO%20forged"),
        ("/x%0d%1b%5b31m%e2%80%a8", r"/x\r\x1b[31m\u2028"),
        # Fields of its own, before the real ones.
        ("/about/%20200%201.0ms%20user=1%20ip=6.6.6.6", "/about/%20200%201.0ms%20user=1%20ip=6.6.6.6"),
    ],
)
def test_a_path_cannot_forge_a_log_line(client, console_log, sent, logged):
    """Line breaks and other control characters in the path are escaped, as in Django's own lines; spaces are %20."""
    client.get(sent)

    [line] = _access_lines(console_log)
    assert f"GET {logged} 404 " in line
    assert len(console_log.getvalue().splitlines()) == len(console_log.getvalue().split("\n")) - 1


@pytest.mark.django_db
def test_a_printable_path_is_logged_as_it_is(client, console_log):
    client.get("/users/jos%C3%A9/")
    [line] = _access_lines(console_log)
    assert "GET /users/josé/ 404 " in line


@pytest.mark.django_db
def test_json_lines_are_one_object_per_request(auth_client, user, console_log):
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    old_formatter = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        auth_client.post("/api/posts/", {"title": "A title", "content": "Long enough content."}, format="json")
    finally:
        handler.setFormatter(old_formatter)
    entries = [json.loads(line) for line in console_log.getvalue().splitlines()]
    [entry] = [e for e in entries if e["logger"] == "blogsite.access"]
    assert entry["method"] == "POST"
    assert entry["path"] == "/api/posts/"
    assert entry["status"] == 201
    assert isinstance(entry["duration_ms"], float)
    assert entry["user_id"] == user.pk
    assert entry["client_ip"] == "127.0.0.1"
    assert len(entry["request_id"]) == 32
    assert entry["level"] == "INFO"


def test_json_formatter_never_writes_out_the_arguments_of_a_record_formatted_from_a_mapping():
    # gunicorn's access line: its format's mapping holds every request header.
    atoms = {"r": "GET / HTTP/1.1", "{authorization}i": "Bearer secret-token", "{cookie}i": "sessionid=secret"}
    record = logging.getLogger("gunicorn.access").makeRecord(
        "gunicorn.access", logging.INFO, "f", 1, "%(r)s", (atoms,), None
    )
    line = JsonFormatter().format(record)

    assert json.loads(line)["message"] == "GET / HTTP/1.1"
    assert "secret" not in line


def test_json_formatter_writes_the_extra_fields_too():
    record = logging.getLogger("x").makeRecord("x", logging.INFO, "f", 1, "%s", ("a",), None, extra={"order_id": 7})
    entry = json.loads(JsonFormatter().format(record))

    assert (entry["message"], entry["order_id"]) == ("a", 7)


def test_json_formatter_includes_the_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, "f", 1, "failed", None, sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed"
    assert "RuntimeError: boom" in entry["exc_info"]


@pytest.mark.parametrize(
    ("log_format", "formatter"),
    [("json", "JsonFormatter"), ("JSON", "JsonFormatter"), ("text", "TimeOncePerSecondFormatter")],
)
def test_log_format_chooses_the_console_formatter(run_python, log_format, formatter):
    code = "import django, logging; django.setup(); print(type(logging.getLogger().handlers[0].formatter).__name__)"
    assert run_python(code, LOG_FORMAT=log_format).strip() == formatter


def test_a_python_warning_is_a_log_line_too_one_json_object_under_log_format_json(run_python):
    # A library's warnings.warn() (WhiteNoise's "No directory at: ...") used to be raw text on stderr.
    code = (
        "import sys, django, logging, warnings; django.setup(); "
        "logging.getLogger().handlers[0].setStream(sys.stdout); "
        "warnings.warn('static files are missing')"
    )
    [line] = run_python(code, LOG_FORMAT="json").splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["logger"]) == ("WARNING", "py.warnings")
    assert "UserWarning: static files are missing" in entry["message"]


@pytest.mark.django_db
def test_nothing_is_logged_when_info_is_off(client, console_log):
    access = logging.getLogger("blogsite.access")
    old_level = access.level
    access.setLevel(logging.WARNING)
    try:
        client.get("/about/")
    finally:
        access.setLevel(old_level)
    assert _access_lines(console_log) == []


def test_with_debug_on_a_django_log_line_is_printed_once_with_its_request_id(run_python, tmp_path):
    """Django's default logging adds a console handler of its own under DEBUG: none must be left."""
    code = (
        # Every handler made from here on writes to stdout, which run_python returns.
        "import sys; sys.stderr = sys.stdout; "
        "import django; django.setup(); from django.test import Client; "
        "Client().get('/api/no-such-endpoint/', HTTP_X_REQUEST_ID='once')"
    )
    output = run_python(
        code,
        DJANGO_SETTINGS_MODULE="blogsite.settings",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=None,
        LOG_FORMAT="text",
    )
    [line] = [line for line in output.splitlines() if "Not Found" in line]
    assert "WARNING django.request [once] Not Found: /api/no-such-endpoint/" in line


def test_under_log_format_json_an_error_that_stops_a_process_is_one_json_line():
    """As the task worker stops while the database is down: its traceback was raw lines among the JSON ones."""
    code = "import django; django.setup(); raise RuntimeError('boom')"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blogsite.settings", "DJANGO_DEBUG": "1", "LOG_FORMAT": "json"}
    result = subprocess.run(  # noqa: S603 - this Python, fixed code
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )

    [line] = result.stderr.splitlines()
    entry = json.loads(line)
    assert result.returncode == 1
    assert (entry["level"], entry["message"]) == ("CRITICAL", "Uncaught RuntimeError: boom")
    assert entry["exc_info"].endswith("RuntimeError: boom")
