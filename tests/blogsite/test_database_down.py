"""The database unreachable: a clean 503, never a traceback.

Run in a subprocess whose DATABASE_URL points where no database answers
(settings are read once at start-up), driving the site with Django's test client.
"""

import json

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
                     "body": response.content.decode()}
response = client.post("/api/auth/token/", {"username": "ann", "password": "x"}, content_type="application/json")
answers["token"] = {"status": response.status_code, "type": response["Content-Type"], "body": response.content.decode()}
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


def test_readyz_says_unavailable_and_healthz_still_answers(answers):
    assert answers["/readyz"]["status"] == 503
    assert json.loads(answers["/readyz"]["body"])["status"] == "unavailable"
    assert answers["/healthz"]["status"] == 200
