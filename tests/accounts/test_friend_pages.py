"""Befriending on the site: Add friend and Remove friend on a user's page, as the API's /api/users/<id>/friend/."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import Friendship, Notification
from blogsite.caching import content_version_bump
from tests.factories import PostFactory, UserFactory


@pytest.fixture
def me(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


def friends_of(user) -> list[str]:
    return list(Friendship.objects.filter(from_user=user).values_list("to_user__username", flat=True))


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_a_user_page_offers_add_friend_then_remove_friend(my_client, me, bob):
    html = my_client.get("/users/bob/").content.decode()
    assert 'action="/users/bob/befriend/"' in html and "Add friend" in html

    Friendship.objects.create(from_user=me, to_user=bob)

    html = my_client.get("/users/bob/").content.decode()
    assert 'action="/users/bob/unfriend/"' in html and "Remove friend" in html
    assert "Add friend" not in html


@pytest.mark.django_db
def test_a_logged_in_visit_costs_the_same_queries_at_5_and_at_50_posts(my_client, bob, django_assert_num_queries):
    for rows in (5, 50):
        PostFactory.create_batch(rows - bob.posts.count(), author=bob)
        content_version_bump()  # the factories write around the services: the post count is counted again
        # The visitor, bob, whether bob is a friend, the count of his posts and the page.
        with django_assert_num_queries(5):
            response = my_client.get("/users/bob/?page_size=100")
        assert len(response.context["posts"]) == rows


@pytest.mark.django_db
def test_no_button_for_a_visitor_or_on_ones_own_page(my_client, bob):
    assert "friend/" not in Client().get("/users/bob/").content.decode()
    assert "friend/" not in my_client.get("/users/alice/").content.decode()


@pytest.mark.django_db
def test_add_friend_notifies_them_and_goes_back_to_their_page(my_client, me, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = my_client.post("/users/bob/befriend/")

    assert response.status_code == 302
    assert response.url == "/users/bob/"
    assert said(response) == ["You added bob as a friend."]
    assert friends_of(me) == ["bob"]
    assert list(Notification.objects.filter(user=bob).values_list("message", flat=True)) == [
        "alice added you as a friend."
    ]


@pytest.mark.django_db
def test_add_friend_twice_keeps_one_friendship_and_says_so(my_client, me, bob):
    my_client.post("/users/bob/befriend/")
    response = my_client.post("/users/bob/befriend/")

    assert response.status_code == 302
    assert said(response)[-1] == "bob is already your friend."  # the first answer's message was not shown yet
    assert friends_of(me) == ["bob"]


@pytest.mark.django_db
def test_the_username_in_another_case_is_the_same_user(my_client, me, bob):
    response = my_client.post("/users/BOB/befriend/")

    assert response.url == "/users/bob/"
    assert friends_of(me) == ["bob"]


@pytest.mark.django_db
def test_befriending_oneself_is_refused_with_a_message(my_client, me):
    response = my_client.post("/users/alice/befriend/")

    assert response.status_code == 302
    assert said(response) == ["You cannot befriend yourself."]
    assert friends_of(me) == []


@pytest.mark.django_db
def test_remove_friend_unfriends_and_says_so(my_client, me, bob):
    Friendship.objects.create(from_user=me, to_user=bob)

    response = my_client.post("/users/bob/unfriend/")

    assert response.url == "/users/bob/"
    assert said(response) == ["bob is no longer your friend."]
    assert friends_of(me) == []


@pytest.mark.django_db
def test_removing_someone_who_is_not_a_friend_changes_nothing(my_client, me, bob):
    other = UserFactory()
    Friendship.objects.create(from_user=bob, to_user=me)  # bob's friendship with me is bob's

    response = my_client.post("/users/bob/unfriend/")

    assert response.status_code == 302
    assert said(response) == ["bob was not your friend."]
    assert Friendship.objects.filter(from_user=bob, to_user=me).exists()
    assert friends_of(other) == []


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["befriend", "unfriend"])
def test_an_unknown_user_is_404(my_client, me, action):
    assert my_client.post(f"/users/nobody/{action}/").status_code == 404
    assert friends_of(me) == []


@pytest.mark.django_db
def test_an_inactive_user_cannot_be_befriended(my_client, me):
    UserFactory(username="gone", is_active=False)

    assert my_client.post("/users/gone/befriend/").status_code == 404
    assert friends_of(me) == []


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["befriend", "unfriend"])
def test_the_buttons_are_posts_only(my_client, me, bob, action):
    response = my_client.get(f"/users/bob/{action}/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "<h1>405 · Method not allowed</h1>" in response.content.decode()
    assert friends_of(me) == []


@pytest.mark.django_db
def test_befriending_needs_a_login_and_the_csrf_token(client, me, bob):
    response = client.post("/users/bob/befriend/")
    assert response.status_code == 302
    # Logged in, the user goes back to bob's page, not to the button's address (a POST only).
    assert response.url == "/accounts/login/?next=/users/bob/"

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(me)
    assert csrf_client.post("/users/bob/befriend/").status_code == 403
    assert friends_of(me) == []
