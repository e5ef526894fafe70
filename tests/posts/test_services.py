"""posts.services, called directly as the admin and scripts call them: what they store."""

import pytest

from posts import services
from posts.models import Post


@pytest.mark.django_db
def test_create_and_update_trim_the_title_whoever_calls_them(user):
    """The site's form and the API trim a title before the service sees it; the service trims it itself."""
    post = services.post_create(author=user, title="  Padded title \n", content="<p>Long enough content.</p>")
    assert Post.objects.get(pk=post.pk).title == "Padded title"

    services.post_update(post=post, title="\tPadded again  ")
    assert Post.objects.get(pk=post.pk).title == "Padded again"
