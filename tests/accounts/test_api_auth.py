"""API registration and JWT tokens: /api/auth/... (contract sections 4 and 8)."""

import json

import pytest
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

REGISTER = "/api/auth/register/"
TOKEN = "/api/auth/token/"
REFRESH = "/api/auth/token/refresh/"
GOOD_PASSWORD = "Str0ngPassw0rd"


def register_data(**overrides):
    return {"username": "api_user", "email": "Api.User@Example.com", "password": GOOD_PASSWORD, **overrides}


def post_raw(client, url, body: str):
    return client.generic("POST", url, body, content_type="application/json")


# --- register ---------------------------------------------------------------


@pytest.mark.django_db
def test_register_answers_201_with_id_username_and_email(api_client):
    response = api_client.post(REGISTER, register_data(), format="json")

    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {"id": user.pk, "username": "api_user", "email": "api.user@example.com"}
    assert user.email == "api.user@example.com"
    assert user.check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_a_sign_up_that_loses_a_race_names_the_field_taken(api_client, rival_sign_up):
    # Both requests pass validation; the database's unique constraint refuses this one.
    # (Which field is told for which constraint: tests/accounts/test_services.py.)
    rival_sign_up({"email": "api.user@example.com"})

    response = api_client.post(REGISTER, register_data(), format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email already exists."]}
    assert not User.objects.filter(username="api_user").exists()


@pytest.mark.django_db
def test_unknown_fields_are_ignored(api_client):
    data = register_data(is_staff=True, is_superuser=True, city="Paris", id=999, colour="blue")

    response = api_client.post(REGISTER, data, format="json")

    assert response.status_code == 201
    user = User.objects.get()
    assert (user.is_staff, user.is_superuser, user.city) == (False, False, "")
    assert response.json()["id"] == user.pk


REGISTER_BAD_INPUTS = [
    # missing
    pytest.param({"username": None}, "username", id="username-null"),
    pytest.param({"username": ""}, "username", id="username-blank"),
    pytest.param({"email": ""}, "email", id="email-blank"),
    pytest.param({"password": ""}, "password", id="password-blank"),
    # wrong types
    pytest.param({"username": 12345}, "username", id="username-number"),
    pytest.param({"username": ["alice"]}, "username", id="username-list"),
    pytest.param({"username": {"a": 1}}, "username", id="username-object"),
    pytest.param({"username": True}, "username", id="username-bool"),
    pytest.param({"email": 42}, "email", id="email-number"),
    pytest.param({"password": 123456789}, "password", id="password-number"),
    pytest.param({"password": None}, "password", id="password-null"),
    # too long
    pytest.param({"username": "a" * 21}, "username", id="username-too-long"),
    pytest.param({"email": "a" * 243 + "@example.com"}, "email", id="email-too-long"),
    pytest.param({"password": "Aa1" + "x" * 126}, "password", id="password-too-long"),
    # malformed
    pytest.param({"username": "ab"}, "username", id="username-too-short"),
    pytest.param({"username": "bad name"}, "username", id="username-space"),
    pytest.param({"username": "bad-name"}, "username", id="username-dash"),
    pytest.param({"username": "héllo"}, "username", id="username-not-ascii"),
    # Letters Django's own usernames allow, and this site's do not.
    pytest.param({"username": "bad.name"}, "username", id="username-dot"),
    pytest.param({"username": "bad@name"}, "username", id="username-at"),
    pytest.param({"username": "bad+name"}, "username", id="username-plus"),
    pytest.param({"email": "not-an-email"}, "email", id="email-malformed"),
    pytest.param({"email": "a@b@c.com"}, "email", id="email-two-ats"),
    # weak passwords
    pytest.param({"password": "Ab1cdef"}, "password", id="password-too-short"),
    pytest.param({"password": "lowercase1x"}, "password", id="password-no-upper"),
    pytest.param({"password": "UPPERCASE1X"}, "password", id="password-no-lower"),
    pytest.param({"password": "NoDigitsHere"}, "password", id="password-no-digit"),
    pytest.param({"password": "Password123"}, "password", id="password-common"),
    pytest.param({"password": "Api_user123"}, "password", id="password-like-username"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), REGISTER_BAD_INPUTS)
def test_register_bad_input_is_400_naming_the_field_and_stores_nothing(api_client, overrides, field):
    response = api_client.post(REGISTER, register_data(**overrides), format="json")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert all(isinstance(message, str) and message for message in body[field])
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"username": "Bob"}, id="username-3-characters"),
        pytest.param({"username": "A_twenty_char_name_1"}, id="username-20-characters"),
        pytest.param({"email": "a" * 242 + "@example.com"}, id="email-254-characters"),
    ],
)
def test_register_input_at_the_edge_of_the_rules_is_201(api_client, overrides):
    data = register_data(**overrides)

    response = api_client.post(REGISTER, data, format="json")

    assert response.status_code == 201
    user = User.objects.get()
    assert (user.username, user.email) == (data["username"], data["email"].lower())


@pytest.mark.django_db
def test_register_names_every_bad_field_at_once_the_weak_password_too(api_client):
    response = api_client.post(REGISTER, {"username": "a!", "email": "not-an-email", "password": "abc"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"username", "email", "password"}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_register_names_every_field_taken_ignoring_case_at_once(api_client):
    UserFactory(username="alice", email="alice@example.com")

    response = api_client.post(REGISTER, register_data(username="ALICE", email="Alice@Example.COM"), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "username": ["A user with that username already exists."],
        "email": ["A user with that email already exists."],
    }
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_register_ignores_a_stale_bearer_token(api_client):
    # Registering reads no credentials: a client still sending an expired or bad token can sign up.
    api_client.credentials(HTTP_AUTHORIZATION="Bearer expired.or.garbage")

    response = api_client.post(REGISTER, register_data(), format="json")

    assert response.status_code == 201
    assert User.objects.filter(username="api_user").exists()


@pytest.mark.django_db
def test_register_needs_no_csrf_token_with_a_session(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(REGISTER, json.dumps(register_data()), content_type="application/json")

    assert response.status_code == 201
    assert User.objects.filter(username="api_user").exists()


@pytest.mark.django_db
def test_register_keeps_spaces_around_the_password(api_client):
    spaced = f"  {GOOD_PASSWORD} "

    assert api_client.post(REGISTER, register_data(password=spaced), format="json").status_code == 201

    user = User.objects.get()
    assert user.check_password(spaced)
    assert not user.check_password(GOOD_PASSWORD)
    response = api_client.post(TOKEN, {"username": "api_user", "password": spaced}, format="json")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["username", "email", "password"])
def test_register_missing_field_is_400_naming_it(api_client, field):
    data = register_data()
    del data[field]

    response = api_client.post(REGISTER, data, format="json")

    assert response.status_code == 400
    assert response.json() == {field: ["This field is required."]}
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"username": "ALICE"}, "username", id="username-other-case"),
        pytest.param({"username": "alice"}, "username", id="username-same"),
        pytest.param({"email": "Alice@Example.COM"}, "email", id="email-other-case"),
    ],
)
def test_register_duplicate_is_400_ignoring_case(api_client, overrides, field):
    UserFactory(username="alice", email="alice@example.com")

    response = api_client.post(REGISTER, register_data(**overrides), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "already exists" in response.json()[field][0]
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"username": "x",', "not json", "{'single': 'quotes'}", "\x00"])
def test_register_malformed_json_is_400(api_client, body):
    response = post_raw(api_client, REGISTER, body)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("body", [[], [register_data()], "api_user", 42, None, True])
def test_register_body_that_is_not_an_object_is_400(api_client, body):
    response = post_raw(api_client, REGISTER, json.dumps(body))

    assert response.status_code == 400
    assert response.json()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_register_answers_json_for_form_encoded_bodies_too(api_client):
    response = api_client.post(REGISTER, register_data())  # multipart, as an HTML form would send
    assert response.status_code == 201


# --- token and refresh ------------------------------------------------------


@pytest.mark.django_db
def test_token_answers_access_and_refresh_that_authenticate(api_client, user):
    response = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD}, format="json")

    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access", "refresh"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api_client.get("/api/users/me/").json()["username"] == user.username


@pytest.mark.django_db
def test_a_registered_user_can_get_a_token(api_client):
    api_client.post(REGISTER, register_data(), format="json")
    response = api_client.post(TOKEN, {"username": "api_user", "password": GOOD_PASSWORD}, format="json")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param({"password": "Wrong-passw0rd"}, id="wrong-password"),
        pytest.param({"username": "nobody"}, id="unknown-user"),
        # Longer than any username here may be (20), as an invented name easily is.
        pytest.param({"username": "nonexistent_user_12345"}, id="unknown-user-longer-than-any-here"),
        pytest.param({"username": "u" * 150}, id="unknown-user-150-characters"),
    ],
)
def test_token_with_bad_credentials_is_401(api_client, user, credentials):
    data = {"username": user.username, "password": DEFAULT_PASSWORD, **credentials}

    response = api_client.post(TOKEN, data, format="json")

    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_token_for_an_inactive_user_is_401(api_client):
    user = UserFactory(is_active=False)
    response = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"username": 12345}, "username", id="username-number"),
        pytest.param({"username": ["a"]}, "username", id="username-list"),
        pytest.param({"password": 12345678}, "password", id="password-number"),
        pytest.param({"password": None}, "password", id="password-null"),
    ],
)
def test_token_wrong_type_is_400_naming_the_field(api_client, user, data, field):
    response = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD, **data}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "length"), [("username", 151), ("username", 100_000), ("password", 129)])
def test_token_over_long_field_is_400_naming_it(api_client, user, field, length):
    data = {"username": user.username, "password": DEFAULT_PASSWORD, field: "a" * length}

    response = api_client.post(TOKEN, data, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["username", "password"])
def test_token_missing_field_is_400_naming_it(api_client, user, field):
    data = {"username": user.username, "password": DEFAULT_PASSWORD}
    del data[field]

    response = api_client.post(TOKEN, data, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["{oops", "[]", '"text"'])
def test_token_malformed_or_non_object_body_is_400(api_client, body):
    assert post_raw(api_client, TOKEN, body).status_code == 400


@pytest.mark.django_db
def test_refresh_answers_a_new_access_token(api_client, user):
    tokens = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD}, format="json").json()

    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api_client.get("/api/users/me/").status_code == 200


@pytest.mark.django_db
def test_refresh_with_a_bad_token_is_401(api_client):
    response = api_client.post(REFRESH, {"refresh": "not.a.token"}, format="json")
    assert response.status_code == 401


@pytest.mark.django_db
def test_an_access_token_is_not_a_refresh_token(api_client, user):
    tokens = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD}, format="json").json()
    assert api_client.post(REFRESH, {"refresh": tokens["access"]}, format="json").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"refresh": 12}, {"refresh": None}, {"refresh": ["a.b.c"]}])
def test_refresh_missing_or_wrong_type_is_400_naming_the_field(api_client, body):
    response = api_client.post(REFRESH, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["refresh"]


@pytest.mark.django_db
def test_a_garbage_bearer_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")
    assert api_client.get("/api/users/me/").status_code == 401


@pytest.mark.django_db
def test_refreshing_the_token_of_a_deleted_user_is_401(api_client, user):
    tokens = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD}, format="json").json()
    user.delete()

    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token.", "code": "no_active_account"}


@pytest.mark.django_db
def test_tokens_issued_before_a_password_change_are_refused(api_client, user):
    """An admin's reset of a stolen account's password cuts off the tokens taken with the old one."""
    tokens = api_client.post(TOKEN, {"username": user.username, "password": DEFAULT_PASSWORD}, format="json").json()
    refreshed_before = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json").json()["access"]
    user.set_password("An0ther-passw0rd")
    user.save()

    refreshed = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    answers = []
    for access in (tokens["access"], refreshed_before):
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        answers.append(api_client.get("/api/users/me/"))

    refused = {"detail": "The user's password has been changed.", "code": "password_changed"}
    assert refreshed.status_code == 401
    assert refreshed.json() == refused  # the same answer, code included, as for the access tokens
    assert [(answer.status_code, answer.json()) for answer in answers] == [(401, refused), (401, refused)]


@pytest.mark.django_db
def test_tokens_issued_after_a_password_change_work(api_client, user):
    user.set_password("An0ther-passw0rd")
    user.save()
    tokens = api_client.post(TOKEN, {"username": user.username, "password": "An0ther-passw0rd"}, format="json").json()

    refreshed = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")

    assert refreshed.status_code == 200
    assert api_client.get("/api/users/me/").status_code == 200


@pytest.mark.django_db
def test_a_signed_token_without_the_password_claim_is_refused(api_client, user):
    refreshed = api_client.post(REFRESH, {"refresh": signed(RefreshToken, user.pk)}, format="json")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {signed(AccessToken, user.pk)}")

    assert (refreshed.status_code, api_client.get("/api/users/me/").status_code) == (401, 401)


@pytest.mark.django_db
def test_a_signed_refresh_token_without_a_user_id_is_401(api_client):
    response = api_client.post(REFRESH, {"refresh": str(RefreshToken())}, format="json")
    assert response.status_code == 401


def signed(token_class, user_id):
    """A token of ours (signed with the site's key) whose user id is `user_id`."""
    token = token_class()
    token["user_id"] = user_id
    return str(token)


@pytest.mark.django_db
@pytest.mark.parametrize("user_id", ["abc", [1], {"id": 1}, "9" * 40, 2**70, 99999])
def test_a_signed_token_whose_user_id_is_no_user_is_401(api_client, user_id):
    refreshed = api_client.post(REFRESH, {"refresh": signed(RefreshToken, user_id)}, format="json")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {signed(AccessToken, user_id)}")
    me = api_client.get("/api/users/me/")

    assert (refreshed.status_code, me.status_code) == (401, 401)
    assert "detail" in refreshed.json()
    assert "detail" in me.json()


@pytest.mark.django_db
def test_token_with_a_lone_surrogate_username_is_400_naming_it(api_client):
    # The login rate limit counts the username before the serializer checks it.
    response = post_raw(api_client, TOKEN, '{"username": "\\ud800", "password": "x12345678"}')
    assert response.status_code == 400
    assert list(response.json()) == ["username"]
