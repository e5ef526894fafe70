"""Lists cost the same number of queries whatever their length: no N+1, no count that grows."""

import pytest
from django.core.cache import cache

from posts.models import Post
from tests.factories import PostFactory

# (path, logged in, queries on an empty cache, queries once the list's total is cached).
# On an empty cache: the count and the page, plus the user when logged in (and the
# session, which is then read from the database).
LISTS = [
    pytest.param("/", False, 2, 1, id="home"),
    pytest.param("/", True, 4, 2, id="home-logged-in"),
    pytest.param("/users/", False, 2, 1, id="users-page"),
    pytest.param("/api/posts/", False, 2, 1, id="api-posts"),
    pytest.param("/api/posts/", True, 3, 2, id="api-posts-logged-in"),
    pytest.param("/api/users/", False, 2, 1, id="api-users"),
]


def listed(response) -> list:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["results"]
    return list(response.context["page_obj"].object_list)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "logged_in", "cold_queries", "warm_queries"), LISTS)
def test_the_query_count_is_the_same_at_5_and_at_50_rows(
    client, jwt_client_for, user, settings, django_assert_num_queries, path, logged_in, cold_queries, warm_queries
):
    # The views' own queries; a page answered from the response cache runs none (test_response_cache.py).
    settings.RESPONSE_CACHE_ENABLE = False
    if logged_in and path.startswith("/api/"):
        client = jwt_client_for(user)
    elif logged_in:
        client.force_login(user)

    for rows in (5, 50):
        # Each post has its own author, so a missing select_related would show.
        PostFactory.create_batch(rows - Post.objects.count())
        cache.clear()  # the factories write around the services: start from an empty cache
        with django_assert_num_queries(cold_queries):
            response = client.get(f"{path}?page_size=100")
        assert response.status_code == 200
        assert len(listed(response)) >= rows
        with django_assert_num_queries(warm_queries):
            assert client.get(f"{path}?page_size=100").status_code == 200
