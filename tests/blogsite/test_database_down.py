"""The database unreachable: a clean 503, never a traceback.

Run in a subprocess whose DATABASE_URL points where no database answers
(settings are read once at start-up), driving the site with Django's test client.
"""

import json
import logging

import pytest

CLOSED_PORT = 8249  # in this project's test port range; nothing listens there

SCRIPT = """
import json, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for path in ["/", "/api/posts/", "/users/", "/readyz", "/healthz"]:
    response = client.get(path)
    answers[path] = {"status": response.status_code, "type": response["Content-Type"],
                     "body": response.content.decode(), "retry_after": response.get("Retry-After")}
response = client.post("/api/auth/token/", {"username": "ann", "password": "x"}, content_type="application/json")
answers["token"] = {"status": response.status_code, "type": response["Content-Type"], "body": response.content.decode(),
                    "retry_after": response.get("Retry-After")}
print(json.dumps(answers))
"""


@pytest.fixture(
    scope="module",
    params=[
        f"postgres://blogsite:blogsite@127.0.0.1:{CLOSED_PORT}/nowhere",
        "sqlite:////nonexistent-directory/db.sqlite3",
    ],
    ids=["postgres-refused", "sqlite-unopenable"],
)
def answers(request, run_python):
    output = run_python(SCRIPT, DATABASE_URL=request.param, REDIS_URL=None)
    return json.loads(output.splitlines()[-1])


def test_an_html_page_is_a_clean_503_page(answers):
    for path in ["/", "/users/"]:
        answer = answers[path]
        assert answer["status"] == 503, path
        assert answer["type"].startswith("text/html")
        assert "<h1>503 · Service unavailable</h1>" in answer["body"]
        assert "Traceback" not in answer["body"]


def test_the_api_is_a_json_503(answers):
    for key in ["/api/posts/", "token"]:
        answer = answers[key]
        assert answer["status"] == 503, key
        assert answer["type"] == "application/json"
        assert json.loads(answer["body"]) == {"detail": "Service temporarily unavailable."}


def test_every_503_says_when_to_try_again(answers):
    for key in ["/", "/users/", "/api/posts/", "token"]:
        assert int(answers[key]["retry_after"]) >= 1, key


def test_readyz_says_unavailable_and_healthz_still_answers(answers):
    assert answers["/readyz"]["status"] == 503
    assert json.loads(answers["/readyz"]["body"])["status"] == "unavailable"
    assert answers["/healthz"]["status"] == 200


def test_an_outage_is_logged_once_a_minute_not_once_a_request(run_python):
    code = (
        "import json, sys, logging, django; django.setup(); "
        "logging.getLogger().handlers[0].setStream(sys.stdout); "
        "from django.test.utils import setup_test_environment; setup_test_environment(); "
        "from django.test import Client; client = Client(raise_request_exception=False); "
        "print(json.dumps({'logger': 'statuses', 'statuses': "
        "[client.get(path).status_code for path in ['/', '/api/posts/', '/readyz'] * 5]}))"
    )
    output = run_python(
        code,
        DATABASE_URL=f"postgres://blogsite:blogsite@127.0.0.1:{CLOSED_PORT}/nowhere",
        REDIS_URL=None,
        LOG_FORMAT="json",
    )

    entries = [json.loads(line) for line in output.splitlines()]
    outage = [entry for entry in entries if entry["logger"] == "blogsite.database"]
    assert len(outage) == 1  # with its traceback; the next one a minute later, with the count
    assert "OperationalError" in outage[0]["exc_info"]
    assert not [entry for entry in entries if entry["logger"] == "django.request"]  # no line per 503
    [answered] = [entry["statuses"] for entry in entries if entry["logger"] == "statuses"]
    assert answered == [503] * 15


def test_only_the_sites_own_503s_leave_djangos_error_log():
    [skip] = logging.getLogger("django.request").filters  # settings.LOGGING["filters"]["not_our_503s"]
    assert not skip.filter(logging.makeLogRecord({"msg": "Service Unavailable: /", "status_code": 503}))
    assert skip.filter(logging.makeLogRecord({"msg": "Internal Server Error: /", "status_code": 500}))
    assert skip.filter(logging.makeLogRecord({"msg": "Not Found: /x", "status_code": 404}))
