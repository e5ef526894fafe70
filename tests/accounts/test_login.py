"""HTML login and logout: /accounts/login/, /accounts/logout/ (contract section 3)."""

import pytest
from django.test import Client

from tests.factories import DEFAULT_PASSWORD, UserFactory

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_the_form_has_labelled_username_and_password(client):
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_login_redirects_home(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"
    assert int(logged_in_user_id(client)) == user.pk


@pytest.mark.django_db
def test_login_ignores_the_case_of_the_username(client):
    user = UserFactory(username="MixedCase")

    client.post(LOGIN, {"username": "mixedcase", "password": DEFAULT_PASSWORD})

    assert int(logged_in_user_id(client)) == user.pk


@pytest.mark.django_db
def test_next_on_this_host_is_honoured(client, user):
    response = client.post(
        f"{LOGIN}?next=/posts/new/", {"username": user.username, "password": DEFAULT_PASSWORD, "next": "/posts/new/"}
    )
    assert response.status_code == 302
    assert response.url == "/posts/new/"


@pytest.mark.django_db
def test_next_in_the_query_string_is_carried_by_the_form(client):
    html = client.get(f"{LOGIN}?next=/posts/new/").content.decode()
    assert 'name="next" value="/posts/new/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "http://testserver.evil.example.com/",
        "javascript:alert(1)",
        "https:///evil.example.com",
    ],
)
def test_next_to_another_host_is_ignored(client, user, target):
    response = client.post(
        f"{LOGIN}?next={target}", {"username": user.username, "password": DEFAULT_PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", [LOGIN, f"{LOGIN}?next=/dashboard/", f"http://testserver{LOGIN}"])
def test_a_logged_in_user_sent_back_to_the_login_page_goes_home(client, user, target):
    """Django raises "Redirection loop" (a 500) for a `next` naming the login page; it is dropped instead."""
    client.force_login(user)

    response = client.get(LOGIN, {"next": target})

    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.django_db
def test_logging_in_with_next_naming_the_login_page_goes_home(client, user):
    response = client.post(f"{LOGIN}?next={LOGIN}", {"username": user.username, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.django_db
def test_a_logged_in_user_opening_the_login_page_goes_on_to_next(client, user):
    client.force_login(user)
    assert client.get(LOGIN, {"next": "/dashboard/"}).url == "/dashboard/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"username": "nobody", "password": DEFAULT_PASSWORD}, id="unknown-user"),
        pytest.param({"password": "Wrong-passw0rd"}, id="wrong-password"),
        pytest.param({"password": ""}, id="no-password"),
        pytest.param({"username": ""}, id="no-username"),
    ],
)
def test_bad_credentials_show_the_form_again_and_do_not_log_in(client, user, data):
    response = client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD, **data})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_opening_the_login_page_is_not_a_login_attempt(client, user, settings):
    # Only a POST is counted against the login limits (per IP and per username).
    settings.RATELIMIT_LOGIN_RATE = "2/h"

    assert [client.get(LOGIN).status_code for _ in range(3)] == [200, 200, 200]
    response = client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert int(logged_in_user_id(client)) == user.pk


@pytest.mark.django_db
def test_wrong_password_keeps_the_username_but_not_the_password(client, user):
    html = client.post(LOGIN, {"username": user.username, "password": "Wrong-passw0rd"}).content.decode()
    assert f'value="{user.username}"' in html
    assert "Wrong-passw0rd" not in html


@pytest.mark.django_db
def test_an_inactive_user_cannot_log_in(client):
    user = UserFactory(is_active=False)
    response = client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_logout_is_a_post_that_redirects_home(client, user):
    client.force_login(user)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == "/"
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_logout_by_get_is_refused_with_the_sites_page(client, user):
    client.force_login(user)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    html = response.content.decode()
    assert "<h1>405 · Method not allowed</h1>" in html
    assert "it cannot be opened as a page" in html
    assert int(logged_in_user_id(client)) == user.pk


@pytest.mark.django_db
def test_the_navigation_offers_log_out_as_a_form(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert f'action="{LOGOUT}"' in html
    assert 'method="post"' in html
