"""HTML users list and user page: /users/, /users/<username>/ (contract section 3)."""

import re

import pytest

from tests.factories import PostFactory, UserFactory


def listed_usernames(response) -> list[str]:
    return [username for username, _url, _joined in response.context["users"]]


@pytest.mark.django_db
def test_users_list_shows_username_and_join_date_never_email(client):
    user = UserFactory(username="alice", email="alice.secret@example.com")

    response = client.get("/users/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "alice" in html
    assert user.date_joined.strftime("%Y-%m-%d") in html
    assert "alice.secret" not in html
    assert "@example.com" not in html


@pytest.mark.django_db
def test_users_list_is_paginated_twenty_by_default(client):
    UserFactory.create_batch(25)

    first = client.get("/users/")
    second = client.get("/users/?page=2")

    assert len(listed_usernames(first)) == 20
    assert len(listed_usernames(second)) == 5
    assert not set(listed_usernames(first)) & set(listed_usernames(second))
    assert 'href="?page=2&amp;page_size=20"' in first.content.decode()
    # In the order of their names: the links say Previous and Next, not Newer and Older.
    assert 'rel="prev">← Previous</a>' in second.content.decode()
    assert 'rel="next">Next →</a>' in first.content.decode()
    assert "Older" not in first.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page_size", "shown"), [("5", 5), ("100", 100), ("1000", 100), ("0", 20), ("-5", 20), ("abc", 20), ("2.5", 20)]
)
def test_page_size_is_honoured_up_to_100(client, page_size, shown):
    UserFactory.create_batch(105)

    response = client.get(f"/users/?page_size={page_size}")

    assert response.status_code == 200
    assert len(listed_usernames(response)) == shown


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "abc", "0"])
def test_a_page_that_does_not_exist_is_404(client, page):
    UserFactory()
    assert client.get(f"/users/?page={page}").status_code == 404


@pytest.mark.django_db
def test_users_list_shows_a_username_as_text(client):
    """A username the rules refuse, made in a shell: the list (rows printed with autoescape off) escapes it."""
    UserFactory(username='<i title="x">bob</i>')

    html = client.get("/users/").content.decode()

    escaped = "&lt;i title=&quot;x&quot;&gt;bob&lt;/i&gt;"  # as html.escape() writes it
    assert f'<a href="/users/{escaped}/">{escaped}</a>' in html
    assert "<i title" not in html


@pytest.mark.django_db
def test_users_list_without_users_says_so(client):
    UserFactory(username="gone", is_active=False)
    html = client.get("/users/").content.decode()
    assert '<tr><td colspan="2">No users yet.</td></tr>' in html


@pytest.mark.django_db
def test_inactive_users_are_not_listed(client):
    UserFactory(username="gone", is_active=False)
    assert "gone" not in listed_usernames(client.get("/users/"))


@pytest.mark.django_db
def test_user_page_shows_their_posts_and_no_email_nor_city(client):
    # The city is the user's own, as in the API: only /api/users/me/ and their dashboard show it.
    user = UserFactory(username="bob", email="bob.secret@example.com", city="Porto")
    mine = PostFactory(author=user, title="Bob's own post")
    other = PostFactory(title="Someone else's post")

    response = client.get("/users/bob/")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>\s*bob\s*</h1>", html)
    assert f'href="/posts/{mine.pk}/"' in html
    assert other.title.replace("'", "&#x27;") not in html
    assert "bob.secret" not in html
    assert "Porto" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["nobody", "x" * 30, "bad%20name"])
def test_unknown_user_page_is_404(client, username):
    assert client.get(f"/users/{username}/").status_code == 404


@pytest.mark.django_db
def test_inactive_user_page_is_404(client):
    UserFactory(username="gone", is_active=False)
    assert client.get("/users/gone/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "query"), [("BOB", ""), ("Bob", "?page=2&page_size=5")])
def test_a_user_page_in_another_case_redirects_to_the_username_as_written(client, asked, query):
    # Usernames are unique ignoring case (as logging in is): one user, one address.
    UserFactory(username="bob")

    response = client.get(f"/users/{asked}/{query}")

    # 302, not 301: the username's case may change (the admin renames), and browsers keep a 301 for good.
    assert response.status_code == 302
    assert response["Location"] == f"/users/bob/{query}"


@pytest.mark.django_db
def test_an_inactive_user_page_in_another_case_is_404_too(client):
    UserFactory(username="gone", is_active=False)
    assert client.get("/users/GONE/").status_code == 404
