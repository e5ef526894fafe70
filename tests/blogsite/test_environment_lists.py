"""Comma lists in the environment (contract section 2): DJANGO_ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS."""

import pytest


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a.example,b.example", ["a.example", "b.example"]),
        ("a.example, b.example ,127.0.0.1", ["a.example", "b.example", "127.0.0.1"]),
        ("a.example,,", ["a.example"]),
    ],
)
def test_allowed_hosts_are_read_without_the_spaces_around_the_commas(settings_under, value, expected):
    assert settings_under(["ALLOWED_HOSTS"], DJANGO_ALLOWED_HOSTS=value)["ALLOWED_HOSTS"] == expected


def test_allowed_hosts_default_to_the_local_names(settings_under):
    assert settings_under(["ALLOWED_HOSTS"], DJANGO_ALLOWED_HOSTS=None)["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]


def test_trusted_origins_are_read_without_the_spaces_too(settings_under):
    values = settings_under(["CSRF_TRUSTED_ORIGINS"], CSRF_TRUSTED_ORIGINS="https://a.example, https://b.example")
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://a.example", "https://b.example"]
