"""The notifications page, /accounts/notifications/: GET /api/notifications/ and its mark-read as a page.
Its query count, with the API's, is in test_query_counts.py."""

import pytest
from django.test import Client

from accounts.models import Notification
from tests.factories import UserFactory

LIST = "/accounts/notifications/"


def read_url(notification) -> str:
    return f"/accounts/notifications/{notification.pk}/read/"


@pytest.fixture
def me(db):
    return UserFactory()


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


@pytest.fixture
def mine(me):
    return [Notification.objects.create(user=me, message=f"note {n}") for n in range(3)]


@pytest.fixture
def theirs(db):
    return Notification.objects.create(user=UserFactory(), message="not yours")


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={LIST}"


@pytest.mark.django_db
def test_the_page_lists_ones_own_newest_first_and_says_which_are_new(my_client, mine, theirs):
    Notification.objects.filter(pk=mine[0].pk).update(read=True)

    response = my_client.get(LIST)

    assert response.status_code == 200
    assert [n.message for n in response.context["notifications"]] == ["note 2", "note 1", "note 0"]
    html = response.content.decode()
    assert "not yours" not in html
    assert html.count("<strong>new</strong>") == 2
    assert html.count('action="/accounts/notifications/') == 2  # a Mark as read button for each unread one
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_a_message_is_escaped(my_client, me):
    Notification.objects.create(user=me, message="<script>alert(1)</script> added you as a friend.")

    html = my_client.get(LIST).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; added you as a friend." in html


@pytest.mark.django_db
def test_the_page_is_paginated_like_every_html_list(my_client, me):
    Notification.objects.bulk_create(Notification(user=me, message=f"note {n}") for n in range(25))

    assert len(my_client.get(LIST).context["notifications"]) == 20
    assert len(my_client.get(f"{LIST}?page=2").context["notifications"]) == 5
    assert len(my_client.get(f"{LIST}?page_size=7").context["notifications"]) == 7
    assert my_client.get(f"{LIST}?page=9").status_code == 404


@pytest.mark.django_db
def test_with_none_the_page_says_what_brings_one(my_client):
    assert "No notifications yet." in my_client.get(LIST).content.decode()


@pytest.mark.django_db
def test_marking_one_read_goes_back_to_it_on_the_page_it_was_on_at_its_size(my_client, mine):
    response = my_client.post(read_url(mine[1]), {"page": "2", "page_size": "1"})

    assert response.status_code == 302
    assert response.url == f"{LIST}?page=2&page_size=1#notification-{mine[1].pk}"
    assert [n.read for n in Notification.objects.order_by("pk")] == [False, True, False]


@pytest.mark.django_db
def test_the_mark_read_button_sends_the_page_and_its_size(my_client, me):
    Notification.objects.bulk_create(Notification(user=me, message=f"note {n}") for n in range(12))

    html = my_client.get(f"{LIST}?page=2&page_size=10").content.decode()

    assert html.count('<input type="hidden" name="page" value="2">') == 2
    assert html.count('<input type="hidden" name="page_size" value="10">') == 2


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "-1", "//evil.example", "\u0661"])  # the last: an Arabic-Indic digit one
def test_a_page_or_size_that_is_not_a_number_is_left_out(my_client, mine, value):
    response = my_client.post(read_url(mine[0]), {"page": value, "page_size": value})

    assert response.url == f"{LIST}#notification-{mine[0].pk}"


@pytest.mark.django_db
def test_marking_read_twice_is_no_error(my_client, mine):
    my_client.post(read_url(mine[0]))

    assert my_client.post(read_url(mine[0])).status_code == 302
    mine[0].refresh_from_db()
    assert mine[0].read is True


@pytest.mark.django_db
def test_anothers_notification_is_404_and_stays_unread(my_client, theirs):
    assert my_client.post(read_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read is False


@pytest.mark.django_db
def test_an_unknown_notification_is_404(my_client):
    assert my_client.post("/accounts/notifications/999999/read/").status_code == 404


@pytest.mark.django_db
def test_marking_read_is_a_post_only(my_client, mine):
    response = my_client.get(read_url(mine[0]))

    assert response.status_code == 405
    assert "<h1>405 · Method not allowed</h1>" in response.content.decode()
    mine[0].refresh_from_db()
    assert mine[0].read is False


@pytest.mark.django_db
def test_marking_read_needs_a_login_and_the_csrf_token(client, me, mine):
    response = client.post(read_url(mine[0]))
    assert response.status_code == 302
    # Logged in, the user goes back to the list, not to the button's address (a POST only).
    assert response.url == f"/accounts/login/?next={LIST}"

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(me)
    assert csrf_client.post(read_url(mine[0])).status_code == 403

    mine[0].refresh_from_db()
    assert mine[0].read is False


@pytest.mark.django_db
def test_the_dashboard_links_its_unread_count_to_the_page(my_client, mine):
    html = my_client.get("/dashboard/").content.decode()

    assert f'<a href="{LIST}">3</a>' in html
