"""HEAD answers: the headers a GET would get, and no body.

Called as gunicorn calls the site, through the WSGI application: Django's
test client drops a HEAD response's body itself, so it would hide a body the
server sends (gunicorn sends whatever the application returns).
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(call_wsgi):
    application = WSGIHandler()
    return lambda method, path: call_wsgi(application, method, path)


@pytest.mark.parametrize("path", ["/about/", "/", "/users/", "/api/posts/", "/healthz", "/no-such-page/"])
def test_head_sends_the_get_headers_without_the_body(call, path):
    get_status, get_headers, get_body = call("GET", path)
    head_status, head_headers, head_body = call("HEAD", path)

    assert get_body
    assert head_body == b""
    assert head_status == get_status
    assert head_headers["Content-Type"] == get_headers["Content-Type"]
    assert int(head_headers["Content-Length"]) == len(get_body)


def test_a_static_file_answers_head_without_its_body(call):
    status, headers, body = call("HEAD", "/static/favicon.svg")
    assert status.startswith("200")
    assert body == b""
    assert int(headers["Content-Length"]) > 0


def test_a_head_that_fills_the_response_cache_leaves_the_body_for_gets(call, settings):
    assert settings.RESPONSE_CACHE_ENABLE  # the tests' settings: the anonymous lists are cached

    assert call("HEAD", "/users/")[2] == b""
    status, headers, body = call("GET", "/users/")  # from the entry the HEAD stored

    assert status.startswith("200")
    assert int(headers["Content-Length"]) == len(body) > 0
    assert b"<table" in body
