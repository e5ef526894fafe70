import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings


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
