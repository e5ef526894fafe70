"""`manage.py check --deploy` is clean under the production variables the README documents."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "blogsite.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_SECURE_SSL": "1",
    "DJANGO_ALLOWED_HOSTS": "blog.example.com",
    "EMAIL_URL": "smtp://USER:PASSWORD@smtp.example.com:587",
}


def _check_deploy(**extra):
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(PRODUCTION, **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "extra",
    [{}, {"REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/blogsite"}],
    ids=["single-process", "redis-and-postgres"],
)
def test_check_deploy_reports_nothing(extra):
    result = _check_deploy(**extra)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_check_deploy_fails_without_secure_ssl():
    """The test above is not vacuous: drop one production variable and check --deploy complains."""
    result = _check_deploy(DJANGO_SECURE_SSL="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS


def test_a_missing_secret_key_is_a_one_line_error():
    result = _check_deploy(DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert result.stderr.strip() == "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0"


def test_under_log_format_json_a_missing_secret_key_is_one_json_line():
    result = _check_deploy(DJANGO_SECRET_KEY="", LOG_FORMAT="json")
    assert result.returncode == 3
    [line] = result.stderr.splitlines()
    entry = json.loads(line)
    assert entry["message"] == "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0"
    assert entry["level"] == "CRITICAL"


@pytest.mark.parametrize(
    ("variable", "value", "error"),
    [
        ("PAYMENT_BACKEND", "paypal", "PAYMENT_BACKEND must be sandbox or stripe, not 'paypal'"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be text or json, not 'xml'"),
    ],
)
def test_an_unknown_choice_is_refused_at_start_up_with_one_line_naming_it(variable, value, error):
    result = _check_deploy(**{variable: value})
    assert result.returncode == 3
    assert result.stderr.strip() == f"ImproperlyConfigured: {error}"


@pytest.mark.parametrize("value", ["Stripe", " sandbox "])
def test_the_payment_backend_is_read_in_any_case(value):
    assert _check_deploy(PAYMENT_BACKEND=value).returncode == 0
