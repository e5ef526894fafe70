import os

import pytest
from django.core.cache import cache
from django.template.backends import jinja2 as jinja2_backend
from django.test.signals import template_rendered
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import DEFAULT_PASSWORD, UserFactory

CHROMIUM = "/usr/bin/chromium"


def pytest_runtest_setup(item):
    """Browser tests fail, never skip, on a machine without Debian's Chromium."""
    if item.get_closest_marker("browser") and not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need it (apt-get install chromium)", pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def _record_jinja2_renders():
    """The test client's response.context and .templates for the Jinja2 pages too.

    The client records what the `template_rendered` signal reports; Django's
    test set-up makes its own engine send it (setup_test_environment), not the
    Jinja2 backend. This sends it the same way, after each page is rendered,
    with the page's whole context (context processors' variables included).
    """
    original_render = jinja2_backend.Template.render

    def render(self, context=None, request=None):
        context = {} if context is None else context
        content = original_render(self, context, request)
        template_rendered.send(sender=self, template=self.template, context=context)
        return content

    jinja2_backend.Template.render = render
    yield
    jinja2_backend.Template.render = original_render


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache (rate-limit counters included)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def auth_client(user):
    """An API client authenticated as `user` with a JWT access token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def jwt_client_for():
    def make(some_user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(some_user).access_token}")
        return client

    return make


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver's stand-ins for outside services listen on loopback only.

    PYTEST_HTTPSERVER_PORT fixes the port; otherwise the system picks a free one.
    """
    port = os.environ.get("PYTEST_HTTPSERVER_PORT")
    return "127.0.0.1", int(port) if port else None
