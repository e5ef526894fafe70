"""List totals come from the cache until the content changes (blogsite.pagination.CachedCountPaginator).

The count is stored with the content version it was made under: a repeated
count runs no query, and a write through the services is counted on the very
next read.
"""

import pytest

from blogsite.pagination import CachedCountPaginator
from posts import services
from posts.models import Post
from tests.factories import PostFactory


def count(key: str = "posts") -> int:
    return CachedCountPaginator(Post.objects.all(), 20, count_key=key).count


@pytest.mark.django_db
def test_a_repeated_count_runs_no_query(user, django_assert_num_queries):
    PostFactory.create_batch(3, author=user)
    with django_assert_num_queries(1):
        assert count() == 3
    with django_assert_num_queries(0):
        assert count() == 3


@pytest.mark.django_db
def test_a_write_through_the_services_is_counted_on_the_next_read(user):
    PostFactory.create_batch(2, author=user)
    assert count() == 2
    post = services.post_create(author=user, title="One more", content="<p>Hi</p>")
    assert count() == 3
    services.post_delete(post=post)
    assert count() == 2


@pytest.mark.django_db
def test_a_write_that_bypasses_the_services_waits_for_the_ttl(user):
    PostFactory.create_batch(2, author=user)
    assert count() == 2
    Post.objects.filter(author=user).first().delete()  # no content version bump
    assert count() == 2


@pytest.mark.django_db
def test_each_list_has_its_own_count(user, other_user):
    PostFactory.create_batch(2, author=user)
    PostFactory.create_batch(1, author=other_user)
    assert count("posts") == 3
    mine = CachedCountPaginator(Post.objects.filter(author=user), 20, count_key=f"posts:author={user.pk}")
    assert mine.count == 2


@pytest.mark.django_db
def test_each_api_list_is_counted_under_its_own_key(api_client, user):
    PostFactory.create_batch(3, author=user)
    assert api_client.get("/api/posts/").json()["count"] == 3
    # Counted after the posts' total is in the cache: the users' list has a total of its own.
    assert api_client.get("/api/users/").json()["count"] == 1
    assert api_client.get("/api/posts/").json()["count"] == 3


@pytest.mark.django_db
def test_without_a_key_the_paginator_counts_every_time(user, django_assert_num_queries):
    PostFactory.create_batch(2, author=user)
    for _ in range(2):
        with django_assert_num_queries(1):
            assert count("") == 2


@pytest.mark.django_db
def test_a_page_reads_its_rows_once_and_iterates_like_a_list(user, django_assert_num_queries):
    PostFactory.create_batch(5, author=user)
    expected = list(Post.objects.values_list("pk", flat=True)[2:4])
    page = CachedCountPaginator(Post.objects.values_list("pk", flat=True), 2, count_key="posts").page(2)

    with django_assert_num_queries(1):
        assert list(page) == expected
        assert list(page) == expected
        assert (len(page), page[0], page[-1]) == (2, expected[0], expected[1])
