"""The posts API: /api/posts/ and /api/posts/<id>/ (contract sections 4 and 8).
Who may write is in test_post_permissions.py."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from posts.models import Post
from tests.factories import PostFactory, UserFactory

LIST = "/api/posts/"
GOOD = {"title": "An API post", "content": "<p>Written through the API.</p>"}


def detail(post_or_pk) -> str:
    return f"/api/posts/{getattr(post_or_pk, 'pk', post_or_pk)}/"


def assert_post_shape(body: dict, post: Post) -> None:
    assert body == {
        "id": post.pk,
        "title": post.title,
        "content": post.content,
        "author": {"id": post.author.pk, "username": post.author.username},
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    for key in ("created_at", "updated_at"):
        parsed = datetime.fromisoformat(body[key])
        assert parsed.utcoffset() is not None
    assert datetime.fromisoformat(body["created_at"]) == post.created_at


# --- read -------------------------------------------------------------------


@pytest.mark.django_db
def test_list_is_paginated_newest_first_with_the_post_shape(api_client):
    older = PostFactory()
    newer = PostFactory()
    Post.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=1))
    older.refresh_from_db()

    body = api_client.get(LIST).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert [p["id"] for p in body["results"]] == [newer.pk, older.pk]
    assert_post_shape(body["results"][1], older)


@pytest.mark.django_db
@pytest.mark.parametrize("microsecond", [123456, 0])
def test_a_list_row_is_the_detail_answer(api_client, microsecond):
    # The list builds its rows without PostSerializer (PostViewSet.list_rows); the detail uses it.
    post = PostFactory(title="Ünïcode & <b>tags</b>", content="<p>Some <em>content</em>.</p>")
    written = datetime(2024, 3, 31, 1, 30, 0, microsecond, tzinfo=UTC)
    Post.objects.filter(pk=post.pk).update(created_at=written, updated_at=written)

    listed = api_client.get(LIST).json()["results"]

    assert listed == [api_client.get(detail(post)).json()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown"),
    [
        *(("", 20), ("?page_size=7", 7), ("?page_size=500", 100), ("?page=6", 5)),
        # Not a positive whole number: the default, as on the HTML lists.
        *(("?page_size=0", 20), ("?page_size=-5", 20), ("?page_size=abc", 20)),
    ],
)
def test_list_pagination(api_client, query, shown):
    PostFactory.create_batch(105)
    assert len(api_client.get(f"{LIST}{query}").json()["results"]) == shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "cut_to"),
    [("7", "7"), ("500", "100"), ("abc", "20"), ("0", "20")],
)
def test_the_page_links_carry_the_page_size_the_page_was_cut_to(api_client, asked, cut_to):
    PostFactory.create_batch(105)

    second = api_client.get(f"{LIST}?page=2&page_size={asked}").json()

    links = [link for link in (second["previous"], second["next"]) if link]
    assert links
    for link in links:
        url = urlsplit(link)
        assert (url.netloc, url.path) == ("testserver", "/api/posts/")
        assert parse_qs(url.query)["page_size"] == [cut_to]


@pytest.mark.django_db
def test_a_list_without_page_size_has_links_without_it(api_client):
    PostFactory.create_batch(25)
    assert api_client.get(LIST).json()["next"] == "http://testserver/api/posts/?page=2"


@pytest.mark.django_db
def test_the_lists_count_is_the_number_of_posts_whatever_list_was_counted_before(client, api_client):
    PostFactory.create_batch(2)
    UserFactory.create_batch(3)
    for page in ("/users/", "/api/users/"):  # five users: their totals are cached first
        assert client.get(page).status_code == 200

    body = api_client.get(LIST).json()

    assert body["count"] == 2
    assert len(body["results"]) == 2


@pytest.mark.django_db
def test_detail_has_the_post_shape(api_client):
    post = PostFactory()
    response = api_client.get(detail(post))
    assert response.status_code == 200
    assert_post_shape(response.json(), post)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/posts/999999/", "/api/posts/abc/"])
def test_unknown_post_is_404_json(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


# --- create -----------------------------------------------------------------


@pytest.mark.django_db
def test_create_answers_201_with_the_post_written_by_the_caller(auth_client, user):
    response = auth_client.post(LIST, GOOD, format="json")

    assert response.status_code == 201
    post = Post.objects.get()
    assert post.author == user
    assert_post_shape(response.json(), post)


@pytest.mark.django_db
def test_create_ignores_unknown_and_read_only_fields(auth_client, user, other_user):
    data = {
        **GOOD,
        "author": {"id": other_user.pk, "username": other_user.username},
        "author_id": other_user.pk,
        "id": 4242,
        "created_at": "2000-01-01T00:00:00Z",
        "colour": "blue",
    }

    response = auth_client.post(LIST, data, format="json")

    assert response.status_code == 201
    post = Post.objects.get()
    assert post.author == user
    assert post.created_at.year != 2000
    assert response.json()["id"] == post.pk


@pytest.mark.django_db
def test_create_with_the_session_works_and_needs_csrf(client, user):
    client.force_login(user)
    assert client.post(LIST, json.dumps(GOOD), content_type="application/json").status_code == 201

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(LIST, json.dumps(GOOD), content_type="application/json").status_code == 403
    assert Post.objects.count() == 1


BAD_POSTS = [
    pytest.param({"title": ""}, "title", id="title-blank"),
    pytest.param({"title": "ab"}, "title", id="title-too-short"),
    pytest.param({"title": "  ab  "}, "title", id="title-too-short-after-trimming"),
    pytest.param({"title": "t" * 201}, "title", id="title-too-long"),
    pytest.param({"title": None}, "title", id="title-null"),
    pytest.param({"title": 12345}, "title", id="title-number"),
    pytest.param({"title": ["a title"]}, "title", id="title-list"),
    pytest.param({"title": {"text": "a title"}}, "title", id="title-object"),
    pytest.param({"title": True}, "title", id="title-bool"),
    pytest.param({"content": ""}, "content", id="content-blank"),
    pytest.param({"content": "too short"}, "content", id="content-too-short"),
    pytest.param({"content": "c" * 10_001}, "content", id="content-too-long"),
    pytest.param({"content": None}, "content", id="content-null"),
    pytest.param({"content": 1234567890123}, "content", id="content-number"),
    pytest.param({"content": ["<p>a list of content</p>"]}, "content", id="content-list"),
    pytest.param({"content": "<script>alert(1)</script>"}, "content", id="content-only-a-script"),
    pytest.param({"content": "<img src=x onerror=alert(1)>  <br><br>"}, "content", id="content-no-text-once-sanitized"),
    pytest.param({"content": "<i></i><b>"}, "content", id="content-no-text-at-the-minimum-length"),
    pytest.param({"content": "<" * 10_000}, "content", id="content-too-long-once-escaped"),
    pytest.param({"content": "Tom & Jerry " * 833}, "content", id="content-too-long-once-ampersands-escaped"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_POSTS)
def test_create_bad_input_is_400_naming_the_field_and_stores_nothing(auth_client, overrides, field):
    response = auth_client.post(LIST, {**GOOD, **overrides}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Post.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "content"])
def test_create_missing_field_is_400_naming_it(auth_client, field):
    data = dict(GOOD)
    del data[field]

    response = auth_client.post(LIST, data, format="json")

    assert response.status_code == 400
    assert response.json() == {field: ["This field is required."]}
    assert not Post.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"title": "x"', "title=x", "{'title': 'x'}", "[]", "[1, 2]", '"a post"', "null"])
def test_create_malformed_or_non_object_body_is_400(auth_client, body):
    response = auth_client.generic("POST", LIST, body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_limits_are_inclusive(auth_client):
    assert auth_client.post(LIST, {"title": "abc", "content": "c" * 10}, format="json").status_code == 201
    assert auth_client.post(LIST, {"title": "t" * 200, "content": "c" * 10_000}, format="json").status_code == 201


# --- update and delete ------------------------------------------------------


@pytest.fixture
def own_post(user):
    return PostFactory(author=user, title="Original title", content="<p>Original content.</p>")


@pytest.mark.django_db
def test_put_replaces_title_and_content(auth_client, own_post):
    response = auth_client.put(
        detail(own_post), {"title": "New title", "content": "<p>New content.</p>"}, format="json"
    )

    assert response.status_code == 200
    own_post.refresh_from_db()
    assert (own_post.title, own_post.content) == ("New title", "<p>New content.</p>")
    assert_post_shape(response.json(), own_post)
    assert own_post.updated_at >= own_post.created_at


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "data"), [("put", GOOD), ("patch", {"title": "Patched title"})])
def test_an_edit_moves_updated_at_and_keeps_created_at(auth_client, api_client, own_post, method, data):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Post.objects.filter(pk=own_post.pk).update(created_at=an_hour_ago, updated_at=an_hour_ago)

    assert getattr(auth_client, method)(detail(own_post), data, format="json").status_code == 200

    for body in (api_client.get(detail(own_post)).json(), api_client.get(LIST).json()["results"][0]):
        assert datetime.fromisoformat(body["created_at"]) == an_hour_ago
        assert datetime.fromisoformat(body["updated_at"]) > an_hour_ago


@pytest.mark.django_db
def test_put_needs_both_fields(auth_client, own_post):
    response = auth_client.put(detail(own_post), {"title": "New title"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["content"]
    own_post.refresh_from_db()
    assert own_post.title == "Original title"


@pytest.mark.django_db
def test_patch_changes_one_field(auth_client, own_post):
    response = auth_client.patch(detail(own_post), {"title": "Patched title"}, format="json")

    assert response.status_code == 200
    own_post.refresh_from_db()
    assert (own_post.title, own_post.content) == ("Patched title", "<p>Original content.</p>")


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_POSTS)
def test_patch_bad_input_is_400_and_changes_nothing(auth_client, own_post, overrides, field):
    response = auth_client.patch(detail(own_post), overrides, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    own_post.refresh_from_db()
    assert (own_post.title, own_post.content) == ("Original title", "<p>Original content.</p>")


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["{", "[]", '"text"'])
def test_patch_malformed_or_non_object_body_is_400(auth_client, own_post, body):
    response = auth_client.generic("PATCH", detail(own_post), body, content_type="application/json")
    assert response.status_code == 400
    own_post.refresh_from_db()
    assert own_post.title == "Original title"


@pytest.mark.django_db
def test_delete_answers_204_and_removes_the_post(auth_client, own_post):
    response = auth_client.delete(detail(own_post))

    assert response.status_code == 204
    assert not response.content
    assert not Post.objects.exists()
    assert auth_client.get(detail(own_post)).status_code == 404


@pytest.mark.django_db
def test_a_delete_shows_on_the_next_read_of_the_list(api_client, auth_client, own_post):
    """Visitors' reads of the list are cached: the delete must make that copy stale."""
    assert api_client.get(LIST).json()["count"] == 1

    assert auth_client.delete(detail(own_post)).status_code == 204

    assert api_client.get(LIST).json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.django_db
def test_a_title_over_the_limit_is_refused_even_when_whitespace_pads_it(auth_client):
    """The limit counts what was sent; trimming must not let 201 characters through."""
    response = auth_client.post(
        "/api/posts/", {"title": "\x1d" + "t" * 200, "content": "<p>Long enough content.</p>"}, format="json"
    )

    assert response.status_code == 400
    assert "title" in response.json()
    assert not Post.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "content"])
def test_a_lone_surrogate_is_400_naming_the_field_on_create_and_update(auth_client, user, field):
    # JSON can carry "\udfff", which no UTF-8 text holds (the sanitizer cannot take it).
    body = json.dumps({**GOOD, field: "Some text to post \udfff"})  # json.dumps writes it as the escape
    created = auth_client.generic("POST", LIST, body, content_type="application/json")
    assert created.status_code == 400
    assert list(created.json()) == [field]
    assert not Post.objects.exists()

    post = PostFactory(author=user)
    updated = auth_client.generic("PATCH", detail(post), body, content_type="application/json")
    assert updated.status_code == 400
    assert list(updated.json()) == [field]


@pytest.mark.django_db
def test_the_minimum_counts_what_was_written_not_what_sanitizing_leaves(auth_client):
    """Markup around a little text is accepted (only content left with no text is refused)."""
    response = auth_client.post(LIST, {**GOOD, "content": "<span>abc</span><i>defg</i>"}, format="json")

    assert response.status_code == 201
    assert response.json()["content"] == "abcdefg"
