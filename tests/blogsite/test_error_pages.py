"""Error pages 400, 403, 404 and 500 in the site's design; JSON under /api/."""

import pytest
from django.test import Client

from tests.factories import PostFactory


def assert_site_error_page(response, status: int) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert "/static/css/site.css" in html
    assert 'class="site-header"' in html
    assert html.count("<h1") == 1
    assert f"<h1>{status} · " in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_404_page(client):
    response = client.get("/no/such/page/")
    assert_site_error_page(response, 404)
    assert "There is nothing at this address." in response.content.decode()


@pytest.mark.django_db
def test_404_page_shows_the_visitor_as_logged_in(client, user):
    client.force_login(user)
    assert user.username in client.get("/no/such/page/").content.decode()


@pytest.mark.django_db
def test_403_page(client, user, other_user):
    post = PostFactory(author=other_user)
    client.force_login(user)
    assert_site_error_page(client.get(f"/posts/{post.pk}/edit/"), 403)


@pytest.mark.django_db
def test_400_page_for_a_host_we_do_not_serve(client, caplog):
    assert_site_error_page(client.get("/", HTTP_HOST="evil.example.com"), 400)
    # Any client can send one: a warning without a traceback, not an error that pages someone.
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert (record.levelname, record.exc_info) == ("WARNING", None)


@pytest.mark.django_db
def test_csrf_failure_uses_the_site_403_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert_site_error_page(response, 403)
    assert "reload the page" in response.content.decode()


@pytest.fixture
def crash_client(settings):
    settings.ROOT_URLCONF = "tests.blogsite.crash_urls"
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_500_page(crash_client):
    response = crash_client.get("/crash/")
    assert_site_error_page(response, 500)
    assert "the view failed" not in response.content.decode()


@pytest.mark.django_db
def test_500_page_renders_without_touching_the_database(crash_client, user, django_assert_num_queries):
    # The database may be what failed: the page must not look up the session's user.
    crash_client.force_login(user)

    with django_assert_num_queries(0):
        response = crash_client.get("/crash/")

    assert_site_error_page(response, 500)
    assert user.username not in response.content.decode()


# --- the same errors under /api/ are JSON -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/posts/abc/", "/api/users/1/extra/"])
def test_api_404_is_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_api_400_is_json(client):
    response = client.get("/api/posts/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


@pytest.mark.django_db
def test_api_500_is_json_without_a_traceback(crash_client):
    response = crash_client.get("/api/crash/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detail"] == "Internal server error"
    assert "request_id" in body
    assert "the API view failed" not in response.content.decode()


@pytest.mark.django_db
def test_api_method_not_allowed_is_json(auth_client):
    response = auth_client.put("/api/users/", {}, format="json")
    assert response.status_code == 405
    assert "detail" in response.json()
