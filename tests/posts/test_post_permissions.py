"""Who may change a post: its author or staff; anyone else is refused (403),
on the site and in the API alike (contract sections 3 and 4)."""

import pytest

from posts.models import Post
from tests.factories import PostFactory

EDIT = {"title": "Changed title", "content": "<p>Changed content here.</p>"}


@pytest.fixture
def post(user):
    return PostFactory(author=user, title="Original title")


def assert_unchanged(post):
    post.refresh_from_db()
    assert post.title == "Original title"


# --- site -------------------------------------------------------------------


@pytest.mark.django_db
def test_another_user_cannot_open_or_send_the_edit_form(client, post, other_user):
    client.force_login(other_user)

    refused = client.get(f"/posts/{post.pk}/edit/")
    assert refused.status_code == 403
    assert "log in first" not in refused.content.decode()  # they are logged in: the hint is for visitors
    assert client.post(f"/posts/{post.pk}/edit/", EDIT).status_code == 403
    assert_unchanged(post)


@pytest.mark.django_db
def test_another_user_cannot_delete(client, post, other_user):
    client.force_login(other_user)

    assert client.post(f"/posts/{post.pk}/delete/").status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_staff_can_edit_and_delete_any_post(client, post, staff_user):
    client.force_login(staff_user)

    assert client.post(f"/posts/{post.pk}/edit/", EDIT).status_code == 302
    post.refresh_from_db()
    assert post.title == EDIT["title"]
    assert post.author != staff_user
    assert client.post(f"/posts/{post.pk}/delete/").status_code == 302
    assert not Post.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "suffix"), [("get", "edit/"), ("post", "edit/"), ("post", "delete/")])
def test_anonymous_visitors_are_refused_with_a_hint_to_log_in(client, post, method, suffix):
    path = f"/posts/{post.pk}/{suffix}"

    response = client.get(path) if method == "get" else client.post(path, EDIT)

    assert response.status_code == 403
    assert "If you are its author, log in first." in response.content.decode()
    assert_unchanged(post)


@pytest.mark.django_db
def test_an_unknown_post_is_404_for_anonymous_visitors_too(client):
    assert client.get("/posts/999999/edit/").status_code == 404


@pytest.mark.django_db
def test_the_403_page_is_the_site_error_page(client, post, other_user):
    client.force_login(other_user)
    html = client.get(f"/posts/{post.pk}/edit/").content.decode()
    assert "403" in html
    assert "site.css" in html


# --- API --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "data"), [("put", EDIT), ("patch", {"title": "Changed title"}), ("delete", None)])
def test_api_another_user_is_403(jwt_client_for, post, other_user, method, data):
    response = getattr(jwt_client_for(other_user), method)(f"/api/posts/{post.pk}/", data, format="json")

    assert response.status_code == 403
    assert "detail" in response.json()
    assert_unchanged(post)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "data"), [("put", EDIT), ("patch", {"title": "Changed title"}), ("delete", None)])
def test_api_anonymous_write_is_401(api_client, post, method, data):
    response = getattr(api_client, method)(f"/api/posts/{post.pk}/", data, format="json")

    assert response.status_code == 401
    assert_unchanged(post)


@pytest.mark.django_db
def test_api_anonymous_create_is_401(api_client):
    assert api_client.post("/api/posts/", EDIT, format="json").status_code == 401
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_api_staff_can_edit_and_delete_any_post(jwt_client_for, post, staff_user):
    client = jwt_client_for(staff_user)

    response = client.patch(f"/api/posts/{post.pk}/", {"title": "By staff"}, format="json")

    assert response.status_code == 200
    assert response.json()["author"]["id"] == post.author_id
    assert client.delete(f"/api/posts/{post.pk}/").status_code == 204
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_api_the_author_can_edit_and_delete(auth_client, post):
    assert auth_client.put(f"/api/posts/{post.pk}/", EDIT, format="json").status_code == 200
    assert auth_client.delete(f"/api/posts/{post.pk}/").status_code == 204
