"""The parsed rate and the cached client IP key count exactly as django-ratelimit's "ip" key and rate string."""

import pytest
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from blogsite.ratelimits import client_ip_key, parsed_rate


@pytest.mark.parametrize(
    ("client_ip", "expected"),
    [("203.0.113.7", "203.0.113.7"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"), ("::1", "::")],
)
def test_the_key_is_django_ratelimits_ip_key(client_ip, expected):
    request = RequestFactory().get("/")
    request.client_ip = client_ip
    assert client_ip_key("global", request) == expected


@pytest.mark.parametrize(("rate", "expected"), [("100/m", (100, 60)), ("3/h", (3, 3600)), ("5/10s", (5, 10))])
def test_a_rate_is_parsed_as_django_ratelimit_does(rate, expected):
    assert parsed_rate(rate) == expected


def test_both_forms_count_in_the_same_cache_entry():
    request = RequestFactory().get("/")
    request.client_ip = "2001:db8::1"
    get_usage(request, group="keys-test", key="ip", rate="5/m", increment=True)
    usage = get_usage(request, group="keys-test", key=client_ip_key, rate=parsed_rate("5/m"), increment=True)
    assert usage["count"] == 2
