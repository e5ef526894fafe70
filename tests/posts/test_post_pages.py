"""The posts as HTML pages: home, detail, create, edit, delete (contract section 3)."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from posts.models import Post
from tests.factories import PostFactory, UserFactory

NEW = "/posts/new/"
GOOD = {"title": "A fine title", "content": "<p>Some content that is long enough.</p>"}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- home -------------------------------------------------------------------


@pytest.mark.django_db
def test_home_lists_title_author_and_date_newest_first(client):
    older = PostFactory(title="Older post")
    newer = PostFactory(title="Newer post")
    Post.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Newer post") < html.index("Older post")
    assert newer.author.username in html
    assert older.author.username in html
    assert f'<time datetime="{newer.created_at.isoformat()}"' in html
    assert html.count("<h1") == 1


MARKUP_TITLE = """<b onmouseover="x()">Fish & 'chips'</b>"""
# As html.escape() writes it (blogsite.jinja2's |html_escape): quotes as &quot; and &#x27;.
MARKUP_TITLE_ESCAPED = "&lt;b onmouseover=&quot;x()&quot;&gt;Fish &amp; &#x27;chips&#x27;&lt;/b&gt;"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/", "/users/{username}/"])
def test_lists_show_a_title_as_text(client, page):
    """The lists print their rows with autoescape off: the title must still be escaped."""
    post = PostFactory(title=MARKUP_TITLE)

    html = client.get(page.format(username=post.author.username)).content.decode()

    assert MARKUP_TITLE_ESCAPED in html
    assert "<b onmouseover" not in html
    assert f'<a href="/posts/{post.pk}/">{MARKUP_TITLE_ESCAPED}</a>' in html


@pytest.mark.django_db
def test_home_shows_an_author_as_text(client):
    """A username the rules refuse, made in a shell: the lists escape it all the same."""
    post = PostFactory(author=UserFactory(username="<i>bob</i>"))

    html = client.get("/").content.decode()

    assert 'by <a href="/users/&lt;i&gt;bob&lt;/i&gt;/">&lt;i&gt;bob&lt;/i&gt;</a>' in html
    assert "<i>bob</i>" not in html
    assert post.title in html


@pytest.mark.django_db
def test_home_shows_the_current_time(client):
    before = timezone.now().replace(microsecond=0)
    response = client.get("/")
    shown = datetime.fromisoformat(response.context["now_iso"])
    assert shown >= before
    html = response.content.decode()
    assert f'datetime="{shown.isoformat()}"' in html
    assert shown.strftime("%Y-%m-%d %H:%M:%S UTC") in html


@pytest.mark.django_db
def test_home_greets_a_logged_in_user_by_name(client, user):
    assert "Hello," not in client.get("/").content.decode()
    client.force_login(user)
    assert f"Hello, <strong>{user.username}</strong>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_is_paginated(client):
    PostFactory.create_batch(25)

    first = client.get("/")
    second = client.get("/?page=2")
    small = client.get("/?page_size=5")

    assert len(first.context["posts"]) == 20
    assert len(second.context["posts"]) == 5
    assert len(small.context["posts"]) == 5
    assert client.get("/?page=9").status_code == 404
    # Newest first: the links say so.
    assert 'rel="next">Older →</a>' in first.content.decode()
    assert 'rel="prev">← Newer</a>' in second.content.decode()


LISTS = ["/", "/users/{username}/"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", LISTS)
@pytest.mark.parametrize(
    ("query", "shown"),
    [
        *(("", 20), ("?page_size=7", 7), ("?page_size=100", 100), ("?page_size=500", 100), ("?page=6", 5)),
        # Not a positive whole number: the default.
        *(("?page_size=0", 20), ("?page_size=-5", 20), ("?page_size=abc", 20)),
    ],
)
def test_post_lists_take_a_page_size_up_to_100_default_20(client, page, query, shown):
    writer = UserFactory()
    PostFactory.create_batch(105, author=writer)

    response = client.get(page.format(username=writer.username) + query)

    assert response.status_code == 200
    assert len(response.context["posts"]) == shown


@pytest.mark.django_db
def test_a_users_page_is_paginated_over_their_own_posts_only(client):
    bob, ann = UserFactory(username="bob"), UserFactory(username="ann")
    PostFactory.create_batch(25, author=bob)
    PostFactory.create_batch(3, author=ann)
    PostFactory.create_batch(30)
    client.get("/")  # the total of all posts, counted first

    ann_page = client.get("/users/ann/")
    bob_page = client.get("/users/bob/")

    assert ann_page.context["paginator"].count == 3
    assert not ann_page.context["is_paginated"]
    assert bob_page.context["paginator"].count == 25
    assert "Page 1 of 2" in bob_page.content.decode()
    assert len(client.get("/users/bob/?page=2").context["posts"]) == 5
    assert client.get("/users/bob/?page=3").status_code == 404


@pytest.mark.django_db
def test_home_without_posts_says_so(client):
    assert "No posts yet." in client.get("/").content.decode()


# --- detail -----------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_the_post(client):
    post = PostFactory(title="Readable", content="<p>Body <strong>text</strong></p>")

    html = client.get(f"/posts/{post.pk}/").content.decode()

    assert "<h1>Readable</h1>" in html
    assert "<p>Body <strong>text</strong></p>" in html
    assert f'href="/users/{post.author.username}/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("updated_after", "edited"),
    [
        # Created at 12:00:00.999999 and updated at 12:00:01.000001: the two
        # times of one creation, on either side of a second.
        (timedelta(microseconds=2), False),
        (timedelta(seconds=1), True),
        (timedelta(days=2), True),
    ],
)
def test_detail_says_edited_only_of_a_post_changed_after_it_was_published(client, updated_after, edited):
    post = PostFactory()
    created = timezone.now().replace(microsecond=999_999) - timedelta(days=3)
    Post.objects.filter(pk=post.pk).update(created_at=created, updated_at=created + updated_after)

    html = client.get(f"/posts/{post.pk}/").content.decode()

    assert ("· edited" in html) is edited


@pytest.mark.django_db
def test_detail_of_an_unknown_post_is_404(client):
    assert client.get("/posts/999999/").status_code == 404


@pytest.mark.django_db
def test_detail_offers_edit_and_delete_only_to_the_author_and_staff(client, user, other_user, staff_user):
    post = PostFactory(author=user)
    assert "/edit/" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(other_user)
    assert "/edit/" not in client.get(post.get_absolute_url()).content.decode()
    for allowed in (user, staff_user):
        client.force_login(allowed)
        html = client.get(post.get_absolute_url()).content.decode()
        assert f'href="/posts/{post.pk}/edit/"' in html
        assert f'href="/posts/{post.pk}/delete/"' in html


# --- create -----------------------------------------------------------------


@pytest.mark.django_db
def test_create_needs_login(client):
    for response in (client.get(NEW), client.post(NEW, GOOD)):
        assert response.status_code == 302
        assert response.url == "/accounts/login/?next=/posts/new/"
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_create_form_has_labelled_fields(client, user):
    client.force_login(user)
    html = client.get(NEW).content.decode()
    assert '<label for="id_title"' in html
    assert '<label for="id_content"' in html


@pytest.mark.django_db
def test_create_publishes_and_redirects_to_the_post(client, user):
    client.force_login(user)

    response = client.post(NEW, {"title": "  A fine title  ", "content": GOOD["content"]})

    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == f"/posts/{post.pk}/"
    assert (post.title, post.content, post.author) == ("A fine title", GOOD["content"], user)
    assert messages_of(response) == ["Your post is published."]


BAD_POSTS = [
    pytest.param({"title": ""}, "title", id="title-missing"),
    pytest.param({"title": "ab"}, "title", id="title-too-short"),
    pytest.param({"title": "   ab   "}, "title", id="title-too-short-after-trimming"),
    pytest.param({"title": "t" * 201}, "title", id="title-too-long"),
    pytest.param({"content": ""}, "content", id="content-missing"),
    pytest.param({"content": "too short"}, "content", id="content-too-short"),
    pytest.param({"content": "c" * 10_001}, "content", id="content-too-long"),
    pytest.param({"content": "<script>alert(1)</script>"}, "content", id="content-only-a-script"),
    pytest.param({"content": "<i></i><b>"}, "content", id="content-no-text-at-the-minimum-length"),
    pytest.param({"content": "<" * 10_000}, "content", id="content-too-long-once-escaped"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_POSTS)
def test_create_bad_input_shows_the_form_again_and_stores_nothing(client, user, overrides, field):
    client.force_login(user)
    data = {**GOOD, **overrides}

    response = client.post(NEW, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert len(form.errors[field]) == 1
    assert not Post.objects.exists()
    kept = "title" if field == "content" else "content"
    assert data[kept].replace("<", "&lt;").replace(">", "&gt;") in response.content.decode()


@pytest.mark.django_db
def test_limits_are_inclusive(client, user):
    client.force_login(user)
    client.post(NEW, {"title": "abc", "content": "c" * 10})
    client.post(NEW, {"title": "t" * 200, "content": "c" * 10_000})
    assert Post.objects.count() == 2


# --- edit and delete by the author -------------------------------------------


@pytest.mark.django_db
def test_the_author_edits_a_post(client, user):
    post = PostFactory(author=user)
    client.force_login(user)

    form_page = client.get(f"/posts/{post.pk}/edit/")
    response = client.post(f"/posts/{post.pk}/edit/", {"title": "Edited title", "content": "<p>Edited content.</p>"})

    assert form_page.status_code == 200
    assert f'value="{post.title}"' in form_page.content.decode()
    assert response.status_code == 302
    assert response.url == f"/posts/{post.pk}/"
    post.refresh_from_db()
    assert (post.title, post.content) == ("Edited title", "<p>Edited content.</p>")
    assert messages_of(response) == ["Your changes are saved."]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), BAD_POSTS)
def test_edit_bad_input_shows_the_form_again_and_changes_nothing(client, user, overrides, field):
    post = PostFactory(author=user)
    before = (post.title, post.content, post.updated_at)
    client.force_login(user)

    response = client.post(f"/posts/{post.pk}/edit/", {**GOOD, **overrides})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    post.refresh_from_db()
    assert (post.title, post.content, post.updated_at) == before


@pytest.mark.django_db
def test_edit_of_an_unknown_post_is_404(client, user):
    client.force_login(user)
    assert client.get("/posts/999999/edit/").status_code == 404


@pytest.mark.django_db
def test_the_author_deletes_a_post(client, user):
    post = PostFactory(author=user)
    client.force_login(user)

    response = client.post(f"/posts/{post.pk}/delete/")

    assert response.status_code == 302
    assert response.url == "/"
    assert not Post.objects.exists()
    assert messages_of(response) == ["The post is deleted."]


@pytest.mark.django_db
def test_delete_asks_to_confirm_first_and_a_get_deletes_nothing(client, user):
    post = PostFactory(author=user, title="Worth keeping")
    client.force_login(user)

    response = client.get(f"/posts/{post.pk}/delete/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Delete “Worth keeping”?</h1>" in html
    assert re.search(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', html)
    assert f'href="/posts/{post.pk}/"' in html  # Cancel
    assert Post.objects.filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_only_the_author_or_staff_see_the_confirmation(client, user, other_user):
    post = PostFactory(author=user)

    assert client.get(f"/posts/{post.pk}/delete/").status_code == 403
    client.force_login(other_user)
    assert client.get(f"/posts/{post.pk}/delete/").status_code == 403
    assert client.get("/posts/999999/delete/").status_code == 404


@pytest.mark.django_db
def test_an_all_digit_username_links_to_the_site_page_not_the_api(client):
    post = PostFactory(author=UserFactory(username="12345"))

    page = client.get(f"/posts/{post.pk}/").content.decode()

    assert 'href="/users/12345/"' in page
    assert "/api/users/12345/" not in page
