"""The accounts lists cost the same number of queries whatever their length."""

import pytest
from django.core.cache import cache

from accounts.models import Notification
from posts.models import Post
from tests.factories import PostFactory


@pytest.mark.django_db
def test_a_user_page_costs_the_same_queries_at_5_and_at_50_posts(client, user, django_assert_num_queries):
    for rows in (5, 50):
        PostFactory.create_batch(rows - Post.objects.filter(author=user).count(), author=user)
        cache.clear()  # the factories write around the services: start from an empty cache
        # The user, the count of their posts and the page.
        with django_assert_num_queries(3):
            response = client.get(f"/users/{user.username}/?page_size=100")
        assert len(response.context["posts"]) == rows
        # Their post count is then cached until the next write.
        with django_assert_num_queries(2):
            client.get(f"/users/{user.username}/?page_size=100")


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["api", "page"])
def test_the_notifications_cost_the_same_queries_at_5_and_at_50(
    where, auth_client, client, user, django_assert_num_queries
):
    client.force_login(user)
    for rows in (5, 50):
        Notification.objects.bulk_create(
            Notification(user=user, message=f"Note {n}") for n in range(rows - user.notifications.count())
        )
        # The user (by its JWT, or its session read from the cache), the count and the page.
        with django_assert_num_queries(3):
            if where == "api":
                shown = auth_client.get("/api/notifications/?page_size=100").json()["results"]
            else:
                shown = client.get("/accounts/notifications/?page_size=100").context["notifications"]
        assert len(shown) == rows
