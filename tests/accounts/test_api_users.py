"""API users: /api/users/, /api/users/<id>/, /api/users/me/ (contract sections 4 and 8)."""

import json
from datetime import UTC, datetime

import pytest
from django.test import Client

from accounts.models import Friendship, User
from tests.factories import DEFAULT_PASSWORD, PostFactory, UserFactory

ME = "/api/users/me/"


def assert_iso_with_offset(value: str) -> None:
    assert datetime.fromisoformat(value).utcoffset() is not None, value


# --- list and detail --------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_id_username_and_join_date_only(api_client):
    user = UserFactory(email="secret.person@example.com")

    response = api_client.get("/api/users/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"] == [
        {"id": user.pk, "username": user.username, "date_joined": body["results"][0]["date_joined"]}
    ]
    assert_iso_with_offset(body["results"][0]["date_joined"])
    assert "secret.person" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("microsecond", [123456, 0])
def test_a_list_row_is_the_detail_answer_without_its_post_count(api_client, microsecond):
    # The list builds its rows without UserSerializer (UserViewSet.list); the detail uses it.
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(date_joined=datetime(2024, 3, 31, 1, 30, 0, microsecond, tzinfo=UTC))

    listed = api_client.get("/api/users/").json()["results"]
    shown = api_client.get(f"/api/users/{user.pk}/").json()

    assert shown.pop("post_count") == 0
    assert listed == [shown]


@pytest.mark.django_db
def test_list_is_paginated_twenty_by_default(api_client):
    UserFactory.create_batch(25)

    first = api_client.get("/api/users/").json()
    second = api_client.get(first["next"]).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert {u["id"] for u in first["results"]}.isdisjoint({u["id"] for u in second["results"]})


@pytest.mark.django_db
@pytest.mark.parametrize(("page_size", "shown"), [("5", 5), ("100", 100), ("1000", 100), ("abc", 20)])
def test_list_page_size_is_capped_at_100(api_client, page_size, shown):
    UserFactory.create_batch(105)
    response = api_client.get(f"/api/users/?page_size={page_size}")
    assert len(response.json()["results"]) == shown


@pytest.mark.django_db
def test_list_page_out_of_range_is_404_json(api_client, user):
    response = api_client.get("/api/users/?page=99")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.django_db
def test_detail_shows_post_count_and_no_email(api_client, user):
    PostFactory.create_batch(3, author=user)
    PostFactory()

    response = api_client.get(f"/api/users/{user.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "username", "date_joined", "post_count"}
    assert (body["id"], body["username"], body["post_count"]) == (user.pk, user.username, 3)
    assert_iso_with_offset(body["date_joined"])


@pytest.mark.django_db
def test_detail_post_count_does_not_count_anything_else(api_client, user, other_user):
    PostFactory.create_batch(3, author=user)
    Friendship.objects.create(from_user=user, to_user=other_user)
    Friendship.objects.create(from_user=user, to_user=UserFactory())

    assert api_client.get(f"/api/users/{user.pk}/").json()["post_count"] == 3


@pytest.mark.django_db
def test_inactive_users_are_neither_listed_nor_shown(api_client, user):
    gone = UserFactory(is_active=False)

    listed = api_client.get("/api/users/").json()
    detail = api_client.get(f"/api/users/{gone.pk}/")

    assert (listed["count"], [u["id"] for u in listed["results"]]) == (1, [user.pk])
    assert detail.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/users/999999/", "/api/users/abc/", "/api/users/-1/"])
def test_unknown_user_is_404_json(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.django_db
def test_users_cannot_be_created_or_deleted_through_the_users_api(auth_client, user):
    assert auth_client.post("/api/users/", {"username": "x"}, format="json").status_code == 405
    assert auth_client.delete(f"/api/users/{user.pk}/").status_code == 405
    assert User.objects.filter(pk=user.pk).exists()


# --- me ---------------------------------------------------------------------


@pytest.mark.django_db
def test_me_shows_the_current_user(auth_client, user):
    response = auth_client.get(ME)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "username", "email", "city", "date_joined", "last_login"}
    assert (body["id"], body["username"], body["email"]) == (user.pk, user.username, user.email)
    assert_iso_with_offset(body["date_joined"])


@pytest.mark.django_db
def test_me_shows_last_login_after_a_token_login(api_client, user):
    tokens = api_client.post(
        "/api/auth/token/", {"username": user.username, "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    assert_iso_with_offset(api_client.get(ME).json()["last_login"])


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "patch"])
def test_me_anonymous_is_401(api_client, method):
    response = getattr(api_client, method)(ME, {"city": "Paris"}, format="json")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_me_works_with_the_session_too(client, user):
    client.force_login(user)
    assert client.get(ME).json()["username"] == user.username


@pytest.mark.django_db
def test_me_patch_with_the_session_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.patch(ME, json.dumps({"city": "Paris"}), content_type="application/json")

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.city == ""


@pytest.mark.django_db
def test_me_patch_changes_email_and_city(auth_client, user):
    response = auth_client.patch(ME, {"email": "New.Address@Example.com", "city": "Lisbon"}, format="json")

    assert response.status_code == 200
    assert response.json()["email"] == "new.address@example.com"
    assert response.json()["city"] == "Lisbon"
    user.refresh_from_db()
    assert (user.email, user.city) == ("new.address@example.com", "Lisbon")


@pytest.mark.django_db
def test_me_patch_one_field_leaves_the_other(auth_client, user):
    auth_client.patch(ME, {"city": "Oslo"}, format="json")
    user.refresh_from_db()
    assert user.city == "Oslo"
    assert user.email.endswith("@example.com")


@pytest.mark.django_db
def test_me_patch_may_keep_its_own_email_in_another_case(auth_client, user):
    response = auth_client.patch(ME, {"email": user.email.upper()}, format="json")
    assert response.status_code == 200


@pytest.mark.django_db
def test_me_patch_ignores_read_only_and_unknown_fields(auth_client, user):
    original = (user.username, user.date_joined, user.is_staff)

    response = auth_client.patch(
        ME,
        {"username": "hacker", "id": 999, "is_staff": True, "date_joined": "2000-01-01T00:00:00Z", "x": 1},
        format="json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.username, user.date_joined, user.is_staff) == original


@pytest.mark.django_db
def test_me_put_is_not_allowed(auth_client):
    assert auth_client.put(ME, {"city": "Rome"}, format="json").status_code == 405


ME_BAD_INPUTS = [
    pytest.param({"email": "not-an-email"}, "email", id="email-malformed"),
    pytest.param({"email": ""}, "email", id="email-blank"),
    pytest.param({"email": None}, "email", id="email-null"),
    pytest.param({"email": 7}, "email", id="email-number"),
    pytest.param({"email": ["a@example.com"]}, "email", id="email-list"),
    pytest.param({"email": "a" * 243 + "@example.com"}, "email", id="email-too-long"),
    pytest.param({"city": "x" * 101}, "city", id="city-too-long"),
    pytest.param({"city": 12}, "city", id="city-number"),
    pytest.param({"city": None}, "city", id="city-null"),
    pytest.param({"city": {"name": "Paris"}}, "city", id="city-object"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field"), ME_BAD_INPUTS)
def test_me_patch_bad_input_is_400_naming_the_field_and_changes_nothing(auth_client, user, data, field):
    before = (user.email, user.city)

    response = auth_client.patch(ME, data, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    user.refresh_from_db()
    assert (user.email, user.city) == before


@pytest.mark.django_db
def test_me_patch_to_an_email_taken_ignoring_case_is_400(auth_client, user):
    UserFactory(email="taken@example.com")

    response = auth_client.patch(ME, {"email": "TAKEN@example.com"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email already exists."]}
    user.refresh_from_db()
    assert user.email != "taken@example.com"


@pytest.mark.django_db
def test_me_patch_names_a_taken_email_beside_another_problem(auth_client, user):
    UserFactory(email="taken@example.com")

    response = auth_client.patch(ME, {"email": "TAKEN@example.com", "city": "x" * 101}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "city"}
    assert response.json()["email"] == ["A user with that email already exists."]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["{", '{"city": }', "[]", '["city"]', '"Paris"', "3"])
def test_me_patch_malformed_or_non_object_body_is_400(auth_client, user, body):
    response = auth_client.generic("PATCH", ME, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()
    user.refresh_from_db()
    assert user.city == ""


@pytest.mark.django_db
def test_me_patch_that_loses_a_race_for_an_email_names_the_field(auth_client, user, rival_sign_up):
    # The address was free when the request was validated; another sign-up takes it first.
    rival_sign_up({"email": "wanted@example.com"})

    response = auth_client.patch(ME, {"email": "wanted@example.com", "city": "Rome"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email already exists."]}
    user.refresh_from_db()
    assert user.email != "wanted@example.com"
    assert user.city != "Rome"  # the whole change is refused
