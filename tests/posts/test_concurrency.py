"""Writes to one post at the same moment (tests.parallel): each gets a clean answer, and no change is lost.

On SQLite in `make test`, and on PostgreSQL in CI's PostgreSQL leg.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from posts import services
from posts.models import Post
from tests.factories import PostFactory
from tests.parallel import at_once


def api_client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.mark.django_db(transaction=True)
def test_edits_and_deletes_of_one_post_at_once_through_the_api_are_200_204_or_404(user):
    post = PostFactory(author=user)
    url = f"/api/posts/{post.pk}/"

    def edit():
        return api_client_for(user).patch(url, {"title": "Edited at the same time"}, format="json")

    def delete():
        return api_client_for(user).delete(url)

    answers = at_once([edit, delete] * 6)

    assert len(answers) == 12
    assert set(answers) <= {200, 204, 404}
    assert answers.count(204) == 1  # one delete deleted it; the others found it gone
    assert not Post.objects.filter(pk=post.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_edits_and_deletes_of_one_post_at_once_on_the_site_are_redirects_or_404(user, password):
    post = PostFactory(author=user)

    def logged_in():
        client = Client()
        client.force_login(user)
        return client

    def edit():
        return logged_in().post(
            f"/posts/{post.pk}/edit/", {"title": "Edited at the same time", "content": "Changed while deleted."}
        )

    def delete():
        return logged_in().post(f"/posts/{post.pk}/delete/")

    answers = at_once([edit, delete] * 6)

    assert len(answers) == 12
    assert set(answers) <= {302, 404}
    assert not Post.objects.filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_a_partial_update_writes_only_its_own_fields(user):
    post = PostFactory(author=user, title="First title", content="<p>First content of the post.</p>")
    # Two requests read the post, then each changes one field.
    read_by_one, read_by_other = Post.objects.get(pk=post.pk), Post.objects.get(pk=post.pk)

    services.post_update(post=read_by_one, title="Second title")
    services.post_update(post=read_by_other, content="<p>Second content of the post.</p>")

    post.refresh_from_db()
    assert (post.title, post.content) == ("Second title", "<p>Second content of the post.</p>")
