import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def console_log():
    """What the configured console handler (settings.LOGGING) writes, with INFO on for our loggers."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    access_logger = logging.getLogger("blogsite.access")
    old_level = access_logger.level
    access_logger.setLevel(logging.INFO)
    yield stream
    access_logger.setLevel(old_level)
    handler.setStream(old_stream)


@pytest.fixture(scope="session")
def run_python():
    """Run `code` in a fresh Python process with these environment variables (None removes one).

    Settings are computed once at start-up from the environment, so checking
    what an environment variable does takes a new process. Returns stdout.
    """

    def run(code: str, **environment: str | None) -> str:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blogsite.test_settings", **environment}
        env = {name: value for name, value in env.items() if value is not None}
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
        )
        return result.stdout

    return run


@pytest.fixture(scope="session")
def settings_under(run_python):
    """The values of some settings as settings.py computes them under these environment variables."""

    def read(names: list[str], **environment: str | None) -> dict:
        code = (
            "import json; from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
        )
        return json.loads(run_python(code, **environment))

    return read


@pytest.fixture
def call_wsgi():
    """Call a WSGI application as gunicorn does: `call_wsgi(application, method, path, **environ)`.

    Returns the status, the headers and the body. As Django's test client
    does, a request does not close the test's transaction (Django's
    request_started and request_finished receivers would).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(application, method: str, path: str, **environ) -> tuple[str, dict, bytes]:
        started = {}

        def start_response(status, headers, exc_info=None):
            started.update(status=status, headers=dict(headers))

        result = application(
            {
                "REQUEST_METHOD": method,
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": "testserver",
                "SERVER_PORT": "80",
                "REMOTE_ADDR": "127.0.0.1",
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(),
                "wsgi.errors": io.StringIO(),
                **environ,
            },
            start_response,
        )
        try:
            body = b"".join(result)
        finally:
            result.close()
        return started["status"], started["headers"], body

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
