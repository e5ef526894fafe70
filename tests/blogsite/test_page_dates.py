"""Dates on the HTML pages: in the current time zone, in the formats the pages have always shown."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from orders.models import Order
from posts.models import Post
from tests.factories import PostFactory
from tests.orders.factories import OrderFactory

# 01:30:05 UTC is 03:30:05 in Paris on that day (summer time began at 01:00 UTC).
WRITTEN_AT = datetime(2024, 3, 31, 1, 30, 5, tzinfo=UTC)
ISO_IN_PARIS = "2024-03-31T03:30:05+02:00"


@pytest.fixture
def paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


@pytest.fixture
def post(user):
    post = PostFactory(author=user)
    Post.objects.filter(pk=post.pk).update(created_at=WRITTEN_AT, updated_at=WRITTEN_AT)
    return post


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/users/{username}/", "/posts/{pk}/"])
def test_a_post_date_is_shown_in_local_time(paris, client, post, path):
    html = client.get(path.format(username=post.author.username, pk=post.pk)).content.decode()

    assert f'<time datetime="{ISO_IN_PARIS}">2024-03-31 03:30</time>' in html


@pytest.mark.django_db
def test_the_dashboard_shows_the_last_post_in_local_time(paris, client, post):
    client.force_login(post.author)

    html = client.get("/dashboard/").content.decode()

    assert f'<time datetime="{ISO_IN_PARIS}">31 Mar 2024, 03:30</time>' in html


@pytest.mark.django_db
def test_an_order_date_is_shown_in_local_time(paris, client, user):
    order = OrderFactory(user=user)
    Order.objects.filter(pk=order.pk).update(created_at=WRITTEN_AT)
    client.force_login(user)

    for path in ("/orders/", f"/orders/{order.pk}/"):
        assert f'<time datetime="{ISO_IN_PARIS}">2024-03-31 03:30</time>' in client.get(path).content.decode()


@pytest.mark.django_db
def test_the_server_time_is_local_and_names_its_time_zone(paris, client):
    response = client.get("/")

    now = datetime.fromisoformat(response.context["now_iso"]).astimezone(ZoneInfo("Europe/Paris"))
    assert now.tzname() in ("CET", "CEST")
    shown = f'<time datetime="{now.isoformat()}">{now:%Y-%m-%d %H:%M:%S} {now.tzname()}</time>'
    assert shown in response.content.decode()


@pytest.mark.django_db
def test_a_post_edited_later_says_so(client, post):
    assert " · edited" not in client.get(f"/posts/{post.pk}/").content.decode()

    Post.objects.filter(pk=post.pk).update(updated_at=datetime(2024, 4, 1, tzinfo=UTC))

    assert " · edited" in client.get(f"/posts/{post.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "shown"),
    [("UTC", "2024-03-31"), ("Europe/Paris", "2024-04-01"), ("America/New_York", "2024-03-31")],
)
def test_a_join_date_is_the_local_day(settings, client, user, zone, shown):
    # 23:30 UTC on 31 March is already 1 April in Paris.
    User.objects.filter(pk=user.pk).update(date_joined=datetime(2024, 3, 31, 23, 30, tzinfo=UTC))
    settings.TIME_ZONE = zone

    html = client.get("/users/").content.decode()

    assert f">{user.username}</a></td><td>{shown}</td>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (datetime(2024, 3, 31, 1, 30, 5, tzinfo=UTC), "2024-03-31T01:30:05+00:00"),
        (datetime(2024, 3, 31, 1, 30, 5, 120000, tzinfo=UTC), "2024-03-31T01:30:05.120000+00:00"),
    ],
)
def test_a_post_date_in_utc_is_written_as_isoformat_writes_it(client, post, written, shown):
    Post.objects.filter(pk=post.pk).update(created_at=written)

    for path in ("/", f"/users/{post.author.username}/"):
        assert f'<time datetime="{shown}">2024-03-31 01:30</time>' in client.get(path).content.decode()
