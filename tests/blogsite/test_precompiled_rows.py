"""PrecompiledRows: a hot list's SQL compiled once per page window, its rows read afresh each time."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import JSONField, Value

from accounts.models import User
from blogsite.listing import ListedDatetime, PrecompiledRows
from posts.models import Post
from tests.factories import PostFactory


def post_rows_queryset():
    return Post.objects.values_list("id", "title", "author__username", ListedDatetime("created_at"))


@pytest.mark.django_db
@pytest.mark.parametrize("window", [slice(0, 3), slice(3, 6), slice(6, 9), slice(0, 7), slice(5, 5), slice(9, 20)])
def test_a_window_holds_the_rows_values_list_gives(window):
    PostFactory.create_batch(7)
    assert PrecompiledRows(post_rows_queryset())[window] == list(post_rows_queryset()[window])


@pytest.mark.django_db
def test_a_paginator_over_it_gives_the_pages_of_the_queryset():
    PostFactory.create_batch(5)
    pages = Paginator(PrecompiledRows(post_rows_queryset()), 2)
    expected = Paginator(post_rows_queryset(), 2)
    assert pages.count == 5
    assert pages.num_pages == 3
    assert [list(pages.page(n)) for n in (1, 2, 3)] == [list(expected.page(n)) for n in (1, 2, 3)]


@pytest.mark.django_db
def test_an_empty_list_gives_an_empty_page_without_a_query(django_assert_num_queries):
    rows = PrecompiledRows(post_rows_queryset())
    with django_assert_num_queries(0):
        assert rows[0:0] == []


@pytest.mark.django_db
def test_the_sql_is_compiled_once_per_window_and_the_rows_are_read_each_time(django_assert_num_queries):
    rows = PrecompiledRows(post_rows_queryset())
    first = PostFactory()
    assert [row[0] for row in rows[0:20]] == [first.pk]
    assert rows.window_sql.cache_info().misses == 1
    # The next read of the same window compiles nothing, still runs its query,
    # and sees the post written in between: no rows are kept.
    second = PostFactory()
    with django_assert_num_queries(1):
        assert [row[0] for row in rows[0:20]] == [second.pk, first.pk]
    assert rows.window_sql.cache_info().misses == 1
    assert rows.window_sql.cache_info().hits == 1
    # Another window is compiled on its own.
    assert rows[1:21][0][0] == first.pk
    assert rows.window_sql.cache_info().misses == 2


@pytest.mark.django_db
def test_only_so_many_windows_are_kept():
    rows = PrecompiledRows(post_rows_queryset())
    for start in range(PrecompiledRows.WINDOWS + 10):
        rows[start : start + 1]
    assert rows.window_sql.cache_info().currsize == PrecompiledRows.WINDOWS


@pytest.mark.django_db
def test_a_column_django_would_convert_is_refused():
    PostFactory()
    rows = PrecompiledRows(User.objects.values_list("id", Value("{}", output_field=JSONField())))
    with pytest.raises(ImproperlyConfigured, match="convert"):
        rows[0:1]


@pytest.mark.django_db
def test_the_filter_of_the_queryset_holds():
    PostFactory(author__is_active=False)
    active = PostFactory()
    rows = PrecompiledRows(User.objects.filter(is_active=True).order_by("id").values_list("id", "username"))
    assert rows[0:10] == [(active.author.pk, active.author.username)]
    assert rows.count() == 1


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Post.objects.all(),
        lambda: Post.objects.values("id", "title"),
        lambda: Post.objects.values_list("id", flat=True),
        lambda: Post.objects.values_list("id", "title", named=True),
    ],
    ids=["instances", "values", "flat", "named"],
)
def test_only_plain_values_list_rows_are_taken(queryset):
    with pytest.raises(ImproperlyConfigured, match="values_list"):
        PrecompiledRows(queryset())
