"""HTML registration: /accounts/register/ (contract sections 3 and 8)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

URL = "/accounts/register/"
GOOD_PASSWORD = "Str0ngPassw0rd"


def form_data(**overrides):
    return {
        "username": "new_user",
        "email": "New.User@Example.com",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }


@pytest.mark.django_db
def test_the_form_has_a_labelled_field_for_each_input(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("username", "email", "password1", "password2"):
        assert f'name="{name}"' in html
        assert f'<label for="id_{name}"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_success_logs_in_redirects_home_and_says_so(client):
    response = client.post(URL, form_data())

    assert response.status_code == 302
    assert response.url == "/"
    user = User.objects.get(username="new_user")
    assert user.email == "new.user@example.com"
    assert user.check_password(GOOD_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Welcome, new_user! Your account is ready."]
    assert "new_user" in client.get("/").content.decode()


BAD_INPUTS = [
    pytest.param({"username": ""}, "username", id="username-missing"),
    pytest.param({"username": "ab"}, "username", id="username-too-short"),
    pytest.param({"username": "a" * 21}, "username", id="username-too-long"),
    pytest.param({"username": "bad name"}, "username", id="username-space"),
    pytest.param({"username": "bad-name"}, "username", id="username-dash"),
    pytest.param({"username": "héllo"}, "username", id="username-not-ascii"),
    # Letters Django's own usernames allow, and this site's do not.
    pytest.param({"username": "bad.name"}, "username", id="username-dot"),
    pytest.param({"username": "bad@name"}, "username", id="username-at"),
    pytest.param({"username": "bad+name"}, "username", id="username-plus"),
    pytest.param({"email": ""}, "email", id="email-missing"),
    pytest.param({"email": "not-an-email"}, "email", id="email-malformed"),
    pytest.param({"email": "a" * 243 + "@example.com"}, "email", id="email-too-long"),
    pytest.param({"password1": "Ab1cdef", "password2": "Ab1cdef"}, "password2", id="password-too-short"),
    pytest.param({"password1": "lowercase1x", "password2": "lowercase1x"}, "password2", id="password-no-upper"),
    pytest.param({"password1": "UPPERCASE1X", "password2": "UPPERCASE1X"}, "password2", id="password-no-lower"),
    pytest.param({"password1": "NoDigitsHere", "password2": "NoDigitsHere"}, "password2", id="password-no-digit"),
    pytest.param({"password1": "Password123", "password2": "Password123"}, "password2", id="password-common"),
    pytest.param({"password1": "New_user123", "password2": "New_user123"}, "password2", id="password-like-username"),
    pytest.param({"password2": "Different1x"}, "password2", id="passwords-differ"),
    pytest.param({"password1": ""}, "password1", id="password1-missing"),
    pytest.param({"password2": ""}, "password2", id="password2-missing"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_INPUTS)
def test_bad_input_shows_the_form_again_with_one_message_and_stores_nothing(client, overrides, field):
    data = form_data(**overrides)
    response = client.post(URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert len(form.errors[field]) == 1
    html = response.content.decode()
    assert form.errors[field][0].replace("'", "&#x27;") in html
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


# The edges of the rules are inside them: 3 and 20 characters, a 254-character email.
EDGE_INPUTS = [
    pytest.param({"username": "Bob"}, id="username-3-characters"),
    pytest.param({"username": "A_twenty_char_name_1"}, id="username-20-characters"),
    pytest.param({"email": "a" * 242 + "@example.com"}, id="email-254-characters"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides", EDGE_INPUTS)
def test_input_at_the_edge_of_the_rules_is_accepted(client, overrides):
    data = form_data(**overrides)

    response = client.post(URL, data)

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.username, user.email) == (data["username"], data["email"].lower())


@pytest.mark.django_db
def test_each_problem_gets_its_own_message(client):
    response = client.post(URL, form_data(username="a!", email="nope"))

    errors = response.context["form"].errors
    assert len(errors["username"]) == 2  # bad character and too short
    assert len(errors["email"]) == 1


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed_except_the_passwords(client):
    response = client.post(URL, form_data(username="ab", password1="Secret123x", password2="Secret123x"))

    html = response.content.decode()
    assert 'value="ab"' in html
    assert 'value="New.User@Example.com"' in html
    assert "Secret123x" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"username": "ALICE"}, "username", id="username-other-case"),
        pytest.param({"email": "ALICE@example.COM"}, "email", id="email-other-case"),
    ],
)
def test_username_and_email_are_unique_ignoring_case(client, overrides, field):
    UserFactory(username="alice", email="alice@example.com")

    response = client.post(URL, form_data(**overrides))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "already exists" in response.context["form"].errors[field][0]
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_registration_needs_the_csrf_token():
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(URL, form_data())

    assert response.status_code == 403
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_sign_up_that_loses_a_race_is_told_on_the_field_taken(client, rival_sign_up):
    # Both requests pass validation; the database's unique constraint refuses this one.
    rival_sign_up({"email": "new.user@example.com"})

    response = client.post(URL, form_data())

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["A user with that email already exists."]}
    assert not User.objects.filter(username="new_user").exists()
    assert "_auth_user_id" not in client.session
