"""url_maker and url_makers: the links of a list, reversed once per process, are the links reverse() gives."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from blogsite.listing import url_maker, url_makers


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    clear_script_prefix()
    set_script_prefix("/")


def test_links_are_those_of_reverse():
    post_url, user_url = url_maker("posts:detail", "pk"), url_maker("user-page", "username")
    assert post_url(7) == reverse("posts:detail", kwargs={"pk": 7})
    assert user_url("demo_1") == reverse("user-page", kwargs={"username": "demo_1"})


def test_several_at_once_are_each_their_own(script_prefix):
    script_prefix("/blog/")
    post_url, user_url = url_makers(("posts:detail", "pk"), ("user-page", "username"))
    assert post_url(7) == reverse("posts:detail", kwargs={"pk": 7}) == "/blog/posts/7/"
    assert user_url("demo_1") == reverse("user-page", kwargs={"username": "demo_1"}) == "/blog/users/demo_1/"


def test_a_site_under_a_prefix_gets_links_under_it(script_prefix):
    url_maker("posts:detail", "pk")  # reversed at the site's root first
    script_prefix("/blog/")
    assert url_maker("posts:detail", "pk")(7) == reverse("posts:detail", kwargs={"pk": 7}) == "/blog/posts/7/"
    script_prefix("/")
    assert url_maker("posts:detail", "pk")(7) == "/posts/7/"


def test_another_url_configuration_gets_its_own_links(settings):
    assert url_maker("posts:detail", "pk")(7) == "/posts/7/"
    settings.ROOT_URLCONF = "tests.blogsite.prefixed_urls"
    assert url_maker("posts:detail", "pk")(7) == "/v2/posts/7/"
