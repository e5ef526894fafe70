"""Times in the API's lists are written exactly as DRF's DateTimeField writes them on the detail pages.

The users and posts lists read plain rows (values()) and leave the datetimes
to the renderer (blogsite.serializers.format_datetimes): ISO 8601 in the
current time zone, "Z" for UTC, microseconds only when there are some; both
for JSON clients (orjson) and for the browsable API (DRF's encoder).
"""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from accounts.models import User
from posts.models import Post
from tests.factories import PostFactory, UserFactory

WHOLE_SECOND = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
WITH_MICROSECONDS = datetime(2026, 7, 8, 9, 10, 11, 120000, tzinfo=UTC)


@pytest.fixture
def dated_post(db):
    author = UserFactory()
    User.objects.filter(pk=author.pk).update(date_joined=WHOLE_SECOND)
    post = PostFactory(author=author)
    Post.objects.filter(pk=post.pk).update(created_at=WHOLE_SECOND, updated_at=WITH_MICROSECONDS)
    return post


def _in_list(client, url: str, pk: int, **headers) -> dict:
    results = client.get(url, {"page_size": 100}, **headers).json()["results"]
    return next(row for row in results if row["id"] == pk)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York"])
def test_user_list_times_match_the_detail_serializer(api_client, dated_post, zone):
    with timezone.override(zone):
        detail = api_client.get(f"/api/users/{dated_post.author_id}/").json()
        listed = _in_list(api_client, "/api/users/", dated_post.author_id)
    assert listed["date_joined"] == detail["date_joined"]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York"])
def test_post_list_times_match_the_detail_serializer(api_client, dated_post, zone):
    with timezone.override(zone):
        detail = api_client.get(f"/api/posts/{dated_post.pk}/").json()
        listed = _in_list(api_client, "/api/posts/", dated_post.pk)
    assert (listed["created_at"], listed["updated_at"]) == (detail["created_at"], detail["updated_at"])


def test_utc_times_end_in_z_with_microseconds_only_when_there_are_some(api_client, dated_post):
    listed = _in_list(api_client, "/api/posts/", dated_post.pk)
    assert listed["created_at"] == "2026-01-02T03:04:05Z"
    assert listed["updated_at"] == "2026-07-08T09:10:11.120000Z"


def test_other_zones_carry_their_offset(api_client, dated_post):
    with timezone.override("Europe/Paris"):
        listed = _in_list(api_client, "/api/posts/", dated_post.pk)
    assert listed["created_at"] == "2026-01-02T04:04:05+01:00"
    assert listed["updated_at"] == "2026-07-08T11:10:11.120000+02:00"


def test_the_browsable_api_writes_the_same_times(api_client, dated_post):
    html = api_client.get("/api/posts/", HTTP_ACCEPT="text/html").content.decode()
    assert "2026-01-02T03:04:05Z" in html
    assert "2026-07-08T09:10:11.120000Z" in html
