"""The settings the middleware reads on every request follow Django's settings, changes included."""

import pytest
from django.conf import settings
from django.test import override_settings

from blogsite.hot_settings import HotSettings, hot


def test_each_hot_setting_is_the_settings_value():
    for name in hot._names:
        assert getattr(hot, name) == getattr(settings, name)


def test_a_changed_setting_is_read_again(settings):
    assert hot.NUM_PROXIES == 0  # read, and kept
    settings.NUM_PROXIES = 3
    assert hot.NUM_PROXIES == 3


def test_an_override_is_undone_when_it_ends():
    before = hot.RESPONSE_CACHE_TTLS
    with override_settings(RESPONSE_CACHE_TTLS={"/about/": 5}):
        assert hot.RESPONSE_CACHE_TTLS == {"/about/": 5}
    assert before == hot.RESPONSE_CACHE_TTLS


def test_only_the_names_given_are_hot():
    with pytest.raises(AttributeError, match="not one of the hot settings"):
        _ = HotSettings("DEBUG").ALLOWED_HOSTS


@pytest.mark.django_db
def test_a_request_sees_a_changed_setting(client, settings):
    settings.NUM_PROXIES = 0
    first = client.get("/api/server-info/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    settings.NUM_PROXIES = 1
    second = client.get("/api/server-info/", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert first.wsgi_request.client_ip == "127.0.0.1"
    assert second.wsgi_request.client_ip == "203.0.113.9"
