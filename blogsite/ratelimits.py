"""Rate limits, counted by django-ratelimit in the default cache (Redis when REDIS_URL is set).

Two limits: RATELIMIT_RATE per client IP on every request (over_the_rate_limit,
asked by blogsite.middleware.RateLimitMiddleware, and first by the response
cache for a page it can answer), and RATELIMIT_LOGIN_RATE per IP and per
username on the HTML login, the admin's login and the token endpoint. Both
count per request.client_ip (client_ip_key, the value of django-ratelimit's
"ip" key with settings.RATELIMIT_IP_META_KEY), so X-Forwarded-For counts only
as NUM_PROXIES says.
"""

import ipaddress
import unicodedata
from functools import lru_cache, wraps

from django.conf import settings
from django_ratelimit.core import _split_rate, get_usage
from django_ratelimit.exceptions import Ratelimited

from blogsite.hot_settings import hot
from blogsite.views import too_many_requests


class RateLimitExceeded(Ratelimited):
    """Over a limit; `retry_after` is the number of seconds until the window ends."""

    def __init__(self, retry_after: int):
        super().__init__("Too many requests.")
        self.retry_after = retry_after


@lru_cache(maxsize=16)
def parsed_rate(rate: str) -> tuple[int, int]:
    """`rate` ("100/m") as (count, seconds), parsed once: django-ratelimit takes either form
    (and makes the same cache key from both), but parses a string twice per request."""
    return _split_rate(rate)


@lru_cache(maxsize=1024)
def _ip_network_address(ip: str, ipv4_mask: int, ipv6_mask: int) -> str:
    mask = ipv6_mask if ":" in ip else ipv4_mask
    return str(ipaddress.ip_network(f"{ip}/{mask}", strict=False).network_address)


def client_ip_key(group: str, request) -> str:
    """django-ratelimit's "ip" key, with the address parsed once per client instead of per request.

    The same value as key="ip" with RATELIMIT_IP_META_KEY: request.client_ip,
    an IPv6 address cut to its /64 network (RATELIMIT_IPV6_MASK), an IPv4 one
    to /32 (RATELIMIT_IPV4_MASK), so the counts land in the same cache keys.
    """
    return _ip_network_address(
        request.client_ip,
        hot.RATELIMIT_IPV4_MASK,
        hot.RATELIMIT_IPV6_MASK,
    )


def rate_limit(request, *, group: str, key, rate: str | tuple[int, int]) -> None:
    """Count this request in `group` and raise RateLimitExceeded when over `rate`.

    Does nothing when RATELIMIT_ENABLE is off, or when the cache cannot count
    (RATELIMIT_FAIL_OPEN: a cache outage must not lock everybody out).
    """
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is not None and usage["should_limit"]:
        raise RateLimitExceeded(retry_after=max(usage["time_left"], 1))


def over_the_rate_limit(request) -> RateLimitExceeded | None:
    """Count the request against RATELIMIT_RATE per client IP, once; the exception if it is over.

    Asked by the response cache for a request it can answer, and by
    RateLimitMiddleware for every request that gets that far. The answer is
    kept on the request, so a request counts once, wherever it is asked first.
    """
    try:
        return request._over_the_rate_limit
    except AttributeError:
        pass
    exceeded = None
    try:
        rate_limit(request, group="global", key=client_ip_key, rate=parsed_rate(hot.RATELIMIT_RATE))
    except RateLimitExceeded as exc:
        exceeded = exc
    request._over_the_rate_limit = exceeded
    return exceeded


def login_username_key(username: str) -> str:
    """The account a login attempt names, as the per-username limit counts it.

    Every spelling that logs in to one account counts as one: the login forms
    strip surrounding spaces (and Django's login form applies NFKC, which
    makes full-width letters plain ones), and usernames are unique ignoring case.
    """
    key = unicodedata.normalize("NFKC", username).strip().casefold()
    # A lone surrogate (JSON's "\ud800") cannot be encoded as the counter's key: written as its escape instead.
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def login_rate_limit(request, *, username: str) -> None:
    """One login attempt against both login limits: this client IP, and this username from anywhere."""
    rate = parsed_rate(settings.RATELIMIT_LOGIN_RATE)
    rate_limit(request, group="login:ip", key=client_ip_key, rate=rate)
    account = login_username_key(username)
    if account:
        rate_limit(request, group="login:username", key=lambda group, request: account, rate=rate)


def login_rate_limited(view):
    """Wrap the HTML login view: a POST over either login limit gets the 429 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            try:
                login_rate_limit(request, username=request.POST.get("username", ""))
            except RateLimitExceeded as exc:
                return too_many_requests(request, retry_after=exc.retry_after)
        return view(request, *args, **kwargs)

    return wrapped
