"""blogsite.wsgi: a request body the app answered without reading is read away before the answer."""

import io
import sys

import pytest

from blogsite.wsgi import UNREAD_BODY_MAX, application

pytestmark = pytest.mark.django_db


class Body(io.BytesIO):
    """wsgi.input that counts what was read of it."""

    def read(self, size=-1):
        data = super().read(size)
        self.taken = getattr(self, "taken", 0) + len(data)
        return data


def call(method: str, path: str, body: bytes = b"", **headers: str) -> tuple[str, Body]:
    stream = Body(body)
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": stream,
        "wsgi.errors": sys.stderr,
        **headers,
    }
    if body:
        environ.update(CONTENT_LENGTH=str(len(body)), CONTENT_TYPE="application/json")
    statuses = []
    response = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()
    return statuses[0], stream


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/posts/", "401 Unauthorized"),  # refused before the body is parsed
        ("/accounts/login/", "403 Forbidden"),  # no CSRF token
        ("/api/auth/register/", "413 Request Entity Too Large"),  # over DATA_UPLOAD_MAX_MEMORY_SIZE
    ],
)
def test_a_body_the_app_did_not_read_is_read_away(path, status):
    body = b'{"title": "' + b"x" * 1_500_000 + b'"}'

    answered, stream = call("POST", path, body)

    assert answered == status
    assert stream.taken == len(body)


def test_no_more_than_the_limit_is_read_away():
    answered, stream = call("POST", "/api/posts/", b"x" * (UNREAD_BODY_MAX + 100_000))

    assert answered == "401 Unauthorized"
    assert stream.taken == UNREAD_BODY_MAX


def test_a_request_without_a_body_reads_nothing():
    answered, stream = call("GET", "/healthz")

    assert answered == "200 OK"
    assert getattr(stream, "taken", 0) == 0
