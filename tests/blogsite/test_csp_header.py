"""The CSP header built once per process is exactly django-csp's, and per-view changes still apply."""

import copy

import pytest
from csp.constants import NONCE
from csp.utils import build_policy
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def csp_urls(settings):
    settings.ROOT_URLCONF = "tests.blogsite.failing_urls"


@pytest.mark.parametrize("path", ["/", "/about/", "/api/posts/", "/healthz"])
def test_the_header_is_what_django_csp_builds(client, path):
    first = client.get(path)["Content-Security-Policy"]
    assert first == build_policy()
    assert client.get(path)["Content-Security-Policy"] == first
    assert "Content-Security-Policy-Report-Only" not in client.get(path)


def test_a_settings_change_gives_a_new_header(client, settings):
    client.get("/about/")  # the policy is built and kept
    policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = ["https://images.example.com"]
    settings.CONTENT_SECURITY_POLICY = policy
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    response = client.get("/about/")
    assert "img-src https://images.example.com" in response["Content-Security-Policy"]
    assert response["Content-Security-Policy-Report-Only"] == build_policy(report_only=True)


def test_a_view_that_uses_a_nonce_gets_it_in_the_header(client, settings, csp_urls):
    policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["script-src"] = ["'self'", NONCE]
    settings.CONTENT_SECURITY_POLICY = policy
    response = client.get("/csp-nonce/")
    nonce = response.content.decode().split("nonce='")[1].split("'")[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # The next response, without a nonce, has none in its header.
    assert "nonce-" not in client.get("/about/")["Content-Security-Policy"]


def test_a_view_decorated_with_csp_update_gets_its_addition(client, csp_urls):
    assert "https://images.example.com" in client.get("/csp-update/")["Content-Security-Policy"]
    assert "https://images.example.com" not in client.get("/about/")["Content-Security-Policy"]
