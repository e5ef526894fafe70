"""Every API error is JSON in DRF's shapes, never HTML and never a traceback."""

import logging

import pytest
from django.test import Client

from tests.factories import PostFactory


def _is_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["X-Request-ID"]
    return response.json()


@pytest.mark.django_db
def test_400_names_the_field(auth_client):
    body = _is_json_error(auth_client.post("/api/posts/", {"title": "x", "content": 5}, format="json"), 400)
    assert set(body) == {"title", "content"}


@pytest.mark.django_db
def test_400_malformed_json(auth_client):
    response = auth_client.post("/api/posts/", "{not json", content_type="application/json")
    assert _is_json_error(response, 400)["detail"].startswith("JSON parse error")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/posts/", "/api/auth/register/", "/api/orders/"])
def test_400_json_nested_too_deep_for_the_parser(auth_client, path):
    # Python's own parser recursed into this until RecursionError: a 500.
    body = "[" * 5000 + "]" * 5000
    response = auth_client.post(path, body, content_type="application/json")
    assert _is_json_error(response, 400)["detail"].startswith("JSON parse error")


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["NaN", '{"title": Infinity}', b"\xff\xfe"])
def test_400_json_that_is_not_strict_json_or_not_utf8(auth_client, body):
    response = auth_client.post("/api/posts/", body, content_type="application/json")
    assert _is_json_error(response, 400)["detail"].startswith("JSON parse error")


@pytest.mark.django_db
def test_401_without_credentials(api_client):
    body = _is_json_error(api_client.post("/api/posts/", {"title": "Hello"}, format="json"), 401)
    assert body == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_401_with_a_bad_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert "detail" in _is_json_error(api_client.get("/api/users/me/"), 401)


@pytest.mark.django_db
def test_403_not_the_author(auth_client):
    post = PostFactory()
    response = auth_client.patch(f"/api/posts/{post.pk}/", {"title": "Mine now"}, format="json")
    assert _is_json_error(response, 403) == {"detail": "You do not have permission to perform this action."}


@pytest.mark.django_db
def test_404_unknown_object(api_client):
    assert "detail" in _is_json_error(api_client.get("/api/posts/999999/"), 404)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/no-such-endpoint/", "/api/posts/1/x/", "/api/users/me/extra"])
def test_404_unknown_api_path_is_json_too(api_client, path):
    assert _is_json_error(api_client.get(path), 404) == {"detail": "Not found."}


@pytest.mark.django_db
def test_404_outside_the_api_is_the_sites_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>404 · Page not found</h1>" in response.content.decode()


@pytest.mark.django_db
def test_405_method_not_allowed(auth_client):
    assert _is_json_error(auth_client.delete("/api/posts/"), 405) == {"detail": 'Method "DELETE" not allowed.'}


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.blogsite.failing_urls"
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_500_is_json_with_the_request_id_and_logged_with_its_traceback(failing_site, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_site.get("/api/broken/", HTTP_X_REQUEST_ID="err-500")
    body = _is_json_error(response, 500)
    assert body == {"detail": "Internal server error", "request_id": "err-500"}
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[0] is RuntimeError
    assert "something broke" not in response.content.decode()


@pytest.mark.django_db
def test_500_outside_the_api_is_the_sites_page_and_touches_no_database(failing_site, user, django_assert_num_queries):
    failing_site.force_login(user)
    with django_assert_num_queries(0):
        response = failing_site.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>500 · Server error</h1>" in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_a_20_mb_api_body_is_refused_cleanly(auth_client):
    body = b'{"title": "big", "content": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    response = auth_client.post("/api/posts/", body, content_type="application/json")
    assert _is_json_error(response, 413) == {"detail": "Request body too large."}


@pytest.mark.django_db
def test_a_20_mb_form_body_gets_the_413_page(client, caplog):
    response = client.post("/accounts/login/", {"username": "x", "password": "y" * (20 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()
    # Logged as a warning without a traceback (blogsite.log.AsWarning), if Django logs it at all.
    logged = [r for r in caplog.records if r.name == "django.security.RequestDataTooBig"]
    assert all((r.levelname, r.exc_info) == ("WARNING", None) for r in logged)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db
def test_429_is_json(api_client, settings):
    settings.RATELIMIT_RATE = "1/h"
    api_client.get("/api/posts/")
    body = _is_json_error(api_client.get("/api/posts/"), 429)
    assert body["detail"].startswith("Request was throttled.")


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.django_db
def test_a_browser_gets_the_browsable_api_for_a_success(api_client):
    response = api_client.get("/api/posts/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/posts/999999/", 404),
        ("get", "/api/users/me/", 401),
        ("delete", "/api/users/", 405),
    ],
)
def test_an_error_is_json_even_for_a_browser(api_client, method, path, status):
    response = getattr(api_client, method)(path, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert "detail" in _is_json_error(response, status)


@pytest.mark.django_db
def test_a_403_and_a_400_are_json_even_for_a_browser(auth_client):
    post = PostFactory()
    forbidden = auth_client.patch(
        f"/api/posts/{post.pk}/", {"title": "Mine"}, format="json", HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert "detail" in _is_json_error(forbidden, 403)
    invalid = auth_client.post("/api/posts/", {"title": "x"}, format="json", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert set(_is_json_error(invalid, 400)) == {"title", "content"}


@pytest.mark.django_db
def test_an_application_error_is_json_even_for_a_browser(auth_client, user):
    response = auth_client.post(f"/api/users/{user.pk}/friend/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert "detail" in _is_json_error(response, 400)
