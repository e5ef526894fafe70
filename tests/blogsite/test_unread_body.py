"""blogsite.wsgi: a request body the app answered without reading is read away before the answer."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler

from blogsite.wsgi_body import UNREAD_BODY_MAX, read_away_the_unread_body

pytestmark = pytest.mark.django_db

# blogsite.wsgi itself is not imported here: it sets Django up again, and so
# its logging, whose filters would then be there twice.
application = read_away_the_unread_body(WSGIHandler())


class Body(io.BytesIO):
    """wsgi.input that counts what was read of it."""

    taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data


def post(call_wsgi, path: str, body: bytes) -> tuple[str, Body]:
    """POST `body`; the stream's `taken` is what had been read when the answer was handed to the server."""
    stream = Body(body)

    def answered(environ, start_response):
        response = application(environ, start_response)
        stream.taken_when_answered = stream.taken
        return response

    status, _, _ = call_wsgi(
        answered,
        "POST",
        path,
        HTTP_HOST="testserver",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
    )
    return status, stream


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/posts/", "401 Unauthorized"),  # refused before the body is parsed
        ("/accounts/login/", "403 Forbidden"),  # no CSRF token
        ("/api/auth/register/", "413 Request Entity Too Large"),  # over DATA_UPLOAD_MAX_MEMORY_SIZE
    ],
)
def test_a_body_the_app_did_not_read_is_read_away(call_wsgi, path, status):
    body = b'{"title": "' + b"x" * 1_500_000 + b'"}'

    answered, stream = post(call_wsgi, path, body)

    assert answered == status
    assert stream.taken_when_answered == len(body)  # before the answer goes out, not after


def test_no_more_than_the_limit_is_read_away(call_wsgi):
    answered, stream = post(call_wsgi, "/api/posts/", b"x" * (UNREAD_BODY_MAX + 100_000))

    assert answered == "401 Unauthorized"
    assert stream.taken_when_answered == stream.taken == UNREAD_BODY_MAX


def test_a_request_without_a_body_reads_nothing(call_wsgi):
    stream = Body()

    status, _, _ = call_wsgi(application, "GET", "/healthz", **{"wsgi.input": stream})

    assert status == "200 OK"
    assert stream.taken == 0


def test_gunicorns_application_reads_the_unread_body_away(run_python):
    code = "import blogsite.wsgi; print(blogsite.wsgi.application.__qualname__)"
    output = run_python(code, DJANGO_SETTINGS_MODULE="blogsite.settings", DJANGO_DEBUG="1")
    assert output.strip() == "read_away_the_unread_body.<locals>.application"


class BrokenBody(Body):
    def read(self, size=-1):
        raise ConnectionResetError("the client went away")


def test_a_body_that_cannot_be_read_to_its_end_still_gets_its_answer(call_wsgi):
    status, _, body = call_wsgi(
        application,
        "POST",
        "/api/posts/",
        HTTP_HOST="testserver",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="1000",
        **{"wsgi.input": BrokenBody()},
    )

    assert status == "401 Unauthorized"
    assert b"detail" in body
