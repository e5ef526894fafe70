"""The dashboard, contract section 5: as JSON and as the /dashboard/ page."""

from datetime import datetime

import pytest

from accounts.models import Friendship, Notification
from tests.factories import PostFactory, UserFactory


def _fill(user, *, posts, friends, notifications):
    PostFactory.create_batch(posts, author=user)
    for friend in UserFactory.create_batch(friends):
        Friendship.objects.create(from_user=user, to_user=friend)
    for n in range(notifications):
        Notification.objects.create(user=user, message=f"note {n}", read=n % 2 == 0)


@pytest.mark.django_db
def test_the_shape_and_figures(auth_client, user, other_user):
    user.city = ""
    user.save()
    _fill(user, posts=7, friends=3, notifications=5)
    PostFactory(author=other_user)
    Friendship.objects.create(from_user=other_user, to_user=user)
    Notification.objects.create(user=other_user, message="not yours")

    response = auth_client.get(f"/api/users/{user.pk}/dashboard/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"user", "recent_posts", "weather", "statistics", "generated_at"}
    newest = list(user.posts.order_by("-created_at", "-id"))
    assert body["user"] == {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "city": "",
        "post_count": 7,
        "last_post": body["user"]["last_post"],
    }
    assert datetime.fromisoformat(body["user"]["last_post"]) == newest[0].created_at
    assert [p["id"] for p in body["recent_posts"]] == [p.pk for p in newest[:5]]
    assert set(body["recent_posts"][0]) == {"id", "title", "created_at"}
    assert body["weather"] is None
    assert body["statistics"] == {"friend_count": 3, "unread_notifications": 2}
    assert datetime.fromisoformat(body["generated_at"]).tzinfo is not None


@pytest.mark.django_db
def test_a_new_user_has_an_empty_dashboard(auth_client, user):
    body = auth_client.get(f"/api/users/{user.pk}/dashboard/").json()
    assert body["user"]["post_count"] == 0
    assert body["user"]["last_post"] is None
    assert body["recent_posts"] == []
    assert body["statistics"] == {"friend_count": 0, "unread_notifications": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, 30])
def test_the_query_count_does_not_grow_with_the_data(auth_client, user, size, django_assert_num_queries):
    _fill(user, posts=size, friends=size, notifications=size)
    # The JWT user, the figures, the recent posts.
    with django_assert_num_queries(3):
        assert auth_client.get(f"/api/users/{user.pk}/dashboard/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, 30])
def test_staff_see_anyones_dashboard_in_a_fixed_number_of_queries(
    jwt_client_for, staff_user, user, size, django_assert_num_queries
):
    _fill(user, posts=size, friends=size, notifications=size)
    # The JWT user, the dashboard's user, the figures, the recent posts.
    with django_assert_num_queries(4):
        response = jwt_client_for(staff_user).get(f"/api/users/{user.pk}/dashboard/")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == user.username


@pytest.mark.django_db
def test_someone_elses_dashboard_is_403(auth_client, other_user):
    response = auth_client.get(f"/api/users/{other_user.pk}/dashboard/")
    assert response.status_code == 403
    assert "detail" in response.json()


@pytest.mark.django_db
def test_anonymous_is_401(api_client, user):
    assert api_client.get(f"/api/users/{user.pk}/dashboard/").status_code == 401


@pytest.mark.django_db
def test_an_unknown_user_is_404_for_staff(jwt_client_for, staff_user):
    assert jwt_client_for(staff_user).get("/api/users/999999/dashboard/").status_code == 404


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, 30])
def test_the_page_shows_the_dashboard_in_a_fixed_number_of_queries(client, user, size, django_assert_num_queries):
    user.city = "Lisbon"
    user.save()
    _fill(user, posts=size, friends=size, notifications=size)
    client.force_login(user)
    # The user (the session is read from the cache), the figures, the recent posts; no weather key, no call.
    with django_assert_num_queries(3):
        response = client.get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1>") == 1
    assert user.email in page
    assert f"<dt>Posts</dt><dd>{size}</dd>" in page
    assert f"<dt>Friends</dt><dd>{size}</dd>" in page
    assert f'<dt>Unread notifications</dt><dd><a href="/accounts/notifications/">{size // 2}</a></dd>' in page
    assert "The weather for Lisbon is not available right now." in page
    titles = [post.title for post in user.posts.order_by("-created_at", "-id")[:5]]
    assert all(title in page for title in titles)
