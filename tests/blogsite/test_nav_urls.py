"""The navigation's links, reversed once per process, are the URLs reverse() gives."""

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from blogsite.context_processors import NAV_URL_NAMES, nav_urls

pytestmark = pytest.mark.django_db

ANONYMOUS = ["home", "users", "orders:shop", "about", "swagger-ui", "accounts:login", "accounts:register"]
SIGNED_IN = ["home", "users", "orders:shop", "about", "swagger-ui", "posts:create", "dashboard", "orders:list"]


def test_every_name_reverses_to_its_url():
    assert nav_urls()["nav_urls"]._asdict() == {variable: reverse(name) for variable, name in NAV_URL_NAMES.items()}


def test_the_urls_are_attributes_that_a_page_cannot_change():
    # Jinja2 reads `nav_urls.home` as an attribute first: with a dict, every link raised and caught an AttributeError.
    urls = nav_urls()["nav_urls"]
    assert urls.home == reverse("home")
    with pytest.raises(AttributeError):
        urls.home = "/elsewhere/"


def test_an_anonymous_page_links_to_every_public_page(client):
    body = client.get("/about/").content.decode()
    for name in ANONYMOUS:
        assert f'href="{reverse(name)}"' in body, name
    assert 'href=""' not in body


def test_a_signed_in_page_links_to_the_member_pages(client, user, password):
    client.login(username=user.username, password=password)
    body = client.get("/about/").content.decode()
    for name in SIGNED_IN:
        assert f'href="{reverse(name)}"' in body, name
    assert f'action="{reverse("accounts:logout")}"' in body
    assert 'href=""' not in body


def test_a_page_rendered_without_the_request_has_the_links_too(client, settings):
    settings.ROOT_URLCONF = "tests.blogsite.failing_urls"
    client.raise_request_exception = False
    body = client.get("/broken/").content.decode()  # the 500 page renders without context processors
    for name in ANONYMOUS:
        assert f'href="{reverse(name)}"' in body, name


def test_the_links_follow_the_script_prefix():
    previous = get_script_prefix()
    set_script_prefix("/blog/")
    try:
        assert nav_urls()["nav_urls"].users == "/blog/users/"
    finally:
        set_script_prefix(previous)
    assert nav_urls()["nav_urls"].users == "/users/"
