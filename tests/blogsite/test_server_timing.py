import re

import pytest
from django.db import connection
from django.test import Client

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
def test_the_query_timer_is_taken_off_the_connection_after_every_request(settings):
    settings.ROOT_URLCONF = "tests.blogsite.crash_urls"
    client = Client(raise_request_exception=False)
    before = list(connection.execute_wrappers)

    for path, status in [("/api/posts/", 200), ("/no-such-page/", 404), ("/crash/", 500)]:
        assert client.get(path).status_code == status
        assert connection.execute_wrappers == before
