import re

import pytest
from django.db import connection, connections
from django.test import Client

from blogsite.query_timing import current_timer, time_query
from posts.models import Post
from tests.factories import PostFactory

TIMING = re.compile(r'^total;dur=(?P<total>\d+(\.\d+)?), db;dur=(?P<db>\d+(\.\d+)?);desc="(?P<queries>\d+) queries"$')


def _timing(response):
    match = TIMING.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    return match


@pytest.mark.django_db
def test_a_request_without_queries_reports_zero(client):
    timing = _timing(client.get("/healthz"))
    assert timing["queries"] == "0"
    assert float(timing["db"]) == 0


@pytest.mark.django_db
def test_the_query_count_is_the_number_the_request_ran(client, django_assert_num_queries):
    PostFactory.create_batch(3)
    with django_assert_num_queries(2) as captured:
        response = client.get("/api/posts/")
    timing = _timing(response)
    assert int(timing["queries"]) == len(captured.captured_queries)
    assert float(timing["total"]) >= float(timing["db"]) > 0


@pytest.mark.django_db
def test_error_responses_are_timed_too(client):
    assert _timing(client.get("/api/posts/999999/")).group("queries") == "1"


@pytest.mark.django_db
def test_queries_after_a_request_are_not_counted_in_it(settings):
    settings.ROOT_URLCONF = "tests.blogsite.crash_urls"
    client = Client(raise_request_exception=False)
    wrappers = list(connection.execute_wrappers)

    for path, status in [("/api/posts/", 200), ("/no-such-page/", 404), ("/crash/", 500)]:
        response = client.get(path)
        assert response.status_code == status
        timer = response.wsgi_request.db_timing
        counted = timer.queries
        Post.objects.count()
        assert timer.queries == counted
        assert current_timer.get() is None
        # The one wrapper stays; nothing is added per request.
        assert connection.execute_wrappers == wrappers


@pytest.mark.django_db
def test_every_connection_gets_the_wrapper_once_when_it_opens():
    opened = connections.create_connection("default")
    try:
        assert time_query not in opened.execute_wrappers  # not opened yet
        opened.ensure_connection()
        assert opened.execute_wrappers.count(time_query) == 1
        opened.close()
        opened.ensure_connection()
        assert opened.execute_wrappers.count(time_query) == 1
    finally:
        opened.close()


@pytest.mark.django_db
def test_a_connection_opened_inside_another_wrappers_block_keeps_the_timer_after_it():
    def other(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    opened = connections.create_connection("default")
    try:
        with opened.execute_wrapper(other):
            opened.ensure_connection()  # opens here: the timer's wrapper goes on
        assert opened.execute_wrappers == [time_query]
    finally:
        opened.close()
