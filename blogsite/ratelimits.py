"""Rate limits, counted by django-ratelimit in the default cache (Redis when REDIS_URL is set).

Two limits: RATELIMIT_RATE per client IP on every request (RateLimitMiddleware),
and RATELIMIT_LOGIN_RATE per IP and per username on the HTML login and the
token endpoint. The "ip" key is request.client_ip (settings.RATELIMIT_IP_META_KEY),
so X-Forwarded-For counts only as NUM_PROXIES says.
"""

from functools import wraps

from django.conf import settings
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from blogsite.views import too_many_requests


class RateLimitExceeded(Ratelimited):
    """Over a limit; `retry_after` is the number of seconds until the window ends."""

    def __init__(self, retry_after: int):
        super().__init__("Too many requests.")
        self.retry_after = retry_after


def rate_limit(request, *, group: str, key, rate: str) -> None:
    """Count this request in `group` and raise RateLimitExceeded when over `rate`.

    Does nothing when RATELIMIT_ENABLE is off, or when the cache cannot count
    (RATELIMIT_FAIL_OPEN: a cache outage must not lock everybody out).
    """
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is not None and usage["should_limit"]:
        raise RateLimitExceeded(retry_after=max(usage["time_left"], 1))


def login_rate_limit(request, *, username: str) -> None:
    """One login attempt against both login limits: this client IP, and this username from anywhere."""
    rate = settings.RATELIMIT_LOGIN_RATE
    rate_limit(request, group="login:ip", key="ip", rate=rate)
    if username:
        rate_limit(request, group="login:username", key=lambda group, request: username.casefold(), rate=rate)


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
