import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings

PAGES = ["/", "/about/", "/accounts/login/", "/api/posts/", "/api/docs/", "/healthz", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "X-XSS-Protection" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_the_content_security_policy_allows_no_inline_script(client, path):
    policy = dict(
        directive.strip().split(" ", 1) for directive in client.get(path)["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy["script-src"]


@pytest.mark.django_db
def test_the_pages_we_render_contain_no_inline_script(client, user, password):
    client.login(username=user.username, password=password)
    for path in ["/", "/about/", "/dashboard/", "/users/", "/api/docs/"]:
        body = client.get(path).content.decode()
        assert "<script>" not in body, path
        assert "onclick=" not in body, path


@pytest.mark.django_db
def test_the_session_cookie_is_httponly_and_lax(client, user, password):
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 24 * 60 * 60
    assert not cookie["secure"]


SSL_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REDIRECT_EXEMPT",
]


def test_without_secure_ssl_nothing_forces_https(settings_under):
    values = settings_under(SSL_SETTINGS, DJANGO_SECURE_SSL="0")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


@pytest.fixture(scope="module")
def secure_ssl_settings(settings_under):
    values = settings_under(SSL_SETTINGS, DJANGO_SECURE_SSL="1")
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_secure_ssl_turns_on_redirect_hsts_and_secure_cookies(secure_ssl_settings):
    assert secure_ssl_settings["SECURE_SSL_REDIRECT"] is True
    assert secure_ssl_settings["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert secure_ssl_settings["SESSION_COOKIE_SECURE"] is True
    assert secure_ssl_settings["CSRF_COOKIE_SECURE"] is True


def test_hsts_covers_subdomains_and_asks_for_preload_unless_told_not_to(secure_ssl_settings, settings_under):
    assert secure_ssl_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True  # what check --deploy asks for
    assert secure_ssl_settings["SECURE_HSTS_PRELOAD"] is True
    narrower = settings_under(
        SSL_SETTINGS, DJANGO_SECURE_SSL="1", SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0"
    )
    assert (narrower["SECURE_HSTS_INCLUDE_SUBDOMAINS"], narrower["SECURE_HSTS_PRELOAD"]) == (False, False)
    assert narrower["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365


@pytest.mark.django_db
def test_under_secure_ssl_http_is_redirected_but_the_probes_are_not(client, secure_ssl_settings):
    with override_settings(**secure_ssl_settings):
        response = client.get("/about/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/about/"
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_under_secure_ssl_https_responses_have_hsts_and_secure_cookies(client, user, password, secure_ssl_settings):
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    with override_settings(**secure_ssl_settings):
        response = client.post("/accounts/login/", {"username": user.username, "password": password}, **https)
    assert response.status_code == 302
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["secure"] is True


@pytest.mark.django_db
def test_an_html_post_without_the_csrf_token_gets_the_sites_403_page(user, password):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": user.username, "password": password}
    )
    assert response.status_code == 403
    assert "<h1>403 · Forbidden</h1>" in response.content.decode()
