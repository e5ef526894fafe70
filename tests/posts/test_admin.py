"""Admin for posts: list columns, search, filters, read-only timestamps."""

import pytest

from posts.models import Post
from tests.factories import PostFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/posts/post/",
        "/admin/posts/post/?q=django",
        "/admin/posts/post/?created_at__year=2025",
        "/admin/posts/post/add/",
    ],
)
def test_a_superuser_can_open_the_pages(admin_client, path):
    PostFactory(title="About Django")
    assert admin_client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_changelist_shows_the_columns_and_searches_title_and_author(admin_client):
    PostFactory(title="About Django", content="<p>Some words.</p>", author=UserFactory(username="writer"))
    PostFactory(title="About Redis", content="<p>Other words.</p>")

    by_title = admin_client.get("/admin/posts/post/?q=django").content.decode()
    by_author = admin_client.get("/admin/posts/post/?q=writer").content.decode()

    for html in (by_title, by_author):
        assert "About Django" in html
        assert "About Redis" not in html
        assert "column-created_at" in html
        assert "column-author" in html


@pytest.mark.django_db
def test_the_change_page_shows_timestamps_read_only(admin_client):
    post = PostFactory()

    html = admin_client.get(f"/admin/posts/post/{post.pk}/change/").content.decode()

    assert 'name="title"' in html
    assert 'name="created_at' not in html
    assert 'name="updated_at' not in html
    assert "Created at" in html


@pytest.mark.django_db
def test_adding_a_post_applies_the_length_rules(admin_client, admin_user):
    response = admin_client.post("/admin/posts/post/add/", {"title": "ab", "content": "short", "author": admin_user.pk})

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"title", "content"}
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_a_non_staff_user_cannot_open_the_admin(client, user):
    client.force_login(user)
    response = client.get("/admin/posts/post/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


UNSAFE_CONTENT = (
    '<p>hello world</p><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">j</a>'
)


def assert_sanitized(content: str) -> None:
    assert content.startswith("<p>hello world</p>")
    for unsafe in ("<script", "onerror", "<img", "javascript:"):
        assert unsafe not in content


@pytest.mark.django_db
def test_a_post_added_in_the_admin_is_stored_sanitized_as_on_the_site(admin_client, admin_user):
    response = admin_client.post(
        "/admin/posts/post/add/", {"title": "  From the admin ", "content": UNSAFE_CONTENT, "author": admin_user.pk}
    )
    assert response.status_code == 302

    post = Post.objects.get()
    assert post.title == "From the admin"
    assert_sanitized(post.content)
    page = admin_client.get(f"/posts/{post.pk}/").content.decode()
    assert "<p>hello world</p>" in page
    assert "alert(" not in page
    assert_sanitized(admin_client.get(f"/api/posts/{post.pk}/").json()["content"])


@pytest.mark.django_db
def test_a_post_changed_in_the_admin_is_stored_sanitized_as_on_the_site(admin_client):
    post = PostFactory()
    response = admin_client.post(
        f"/admin/posts/post/{post.pk}/change/",
        {"title": post.title, "content": UNSAFE_CONTENT, "author": post.author_id},
    )
    assert response.status_code == 302

    post.refresh_from_db()
    assert_sanitized(post.content)
