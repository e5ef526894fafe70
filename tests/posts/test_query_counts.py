"""Lists cost the same number of queries whatever their length: no N+1."""

import pytest

from posts.models import Post
from tests.factories import PostFactory

# (path, logged in, queries): the count and the page, plus the user when logged in.
LISTS = [
    pytest.param("/", False, 2, id="home"),
    pytest.param("/", True, 3, id="home-logged-in"),
    pytest.param("/users/", False, 2, id="users-page"),
    pytest.param("/api/posts/", False, 2, id="api-posts"),
    pytest.param("/api/posts/", True, 3, id="api-posts-logged-in"),
    pytest.param("/api/users/", False, 2, id="api-users"),
]


def listed(response) -> list:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["results"]
    return list(response.context["page_obj"].object_list)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "logged_in", "queries"), LISTS)
def test_the_query_count_is_the_same_at_5_and_at_50_rows(
    client, jwt_client_for, user, django_assert_num_queries, path, logged_in, queries
):
    if logged_in and path.startswith("/api/"):
        client = jwt_client_for(user)
    elif logged_in:
        client.force_login(user)

    for rows in (5, 50):
        # Each post has its own author, so a missing select_related would show.
        PostFactory.create_batch(rows - Post.objects.count())
        with django_assert_num_queries(queries):
            response = client.get(f"{path}?page_size=100")
        assert response.status_code == 200
        assert len(listed(response)) >= rows
