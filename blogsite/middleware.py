"""The project's middleware: small plain classes, one concern each.

Their order is set and explained in settings.MIDDLEWARE. Two live in modules
of their own: the anonymous response cache (blogsite.response_cache) and the
Content-Security-Policy header (blogsite.content_security_policy).
"""

import ipaddress
import logging
import re
import secrets
import time

from django.core.signals import request_finished
from django.utils.functional import SimpleLazyObject, empty

from blogsite.hot_settings import hot
from blogsite.log import request_id_var
from blogsite.query_timing import QueryTimer, current_timer
from blogsite.ratelimits import over_the_rate_limit
from blogsite.views import DATABASE_UNAVAILABLE_ERRORS, service_unavailable, too_many_requests

access_logger = logging.getLogger("blogsite.access")
database_logger = logging.getLogger("blogsite.database")

REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class HeadWithoutBodyMiddleware:
    """A HEAD request gets the headers a GET would, and no body (RFC 9110, section 9.3.2).

    Django leaves dropping the body to the server: runserver does, gunicorn
    does not, and a client reading its next response on the same connection
    took the stray body for the start of that response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.headers.setdefault("Content-Length", str(len(response.content)))
                response.content = b""
        return response


def _forget_request_id(**kwargs):
    request_id_var.set("-")


class RequestIdMiddleware:
    """Keep the caller's X-Request-ID when it is a sane token, else make one; echo it on the response.

    The id is `request.request_id`, and every log record made during the
    request carries it (blogsite.log.RequestIdFilter). It is forgotten only
    when the request finishes: Django logs "Not Found" and "Internal Server
    Error" after the last middleware has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(_forget_request_id, dispatch_uid="blogsite.forget_request_id")

    def __call__(self, request):
        # request.META rather than request.headers: the latter builds a dict of
        # every header on first use, which no later middleware on a cached hit needs.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        # 32 random hex digits, as uuid4().hex gives, without building a UUID object.
        request.request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else secrets.token_hex(16)
        request_id_var.set(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def client_ip_for(meta, num_proxies: int) -> str:
    """The client's address, trusting X-Forwarded-For only as far as `num_proxies` trusted proxies go.

    Each trusted proxy appends the address it received the request from, so
    the n-th entry from the right is the last one a trusted proxy wrote;
    anything left of it is whatever the client sent.
    """
    remote_addr = meta.get("REMOTE_ADDR", "")
    if num_proxies <= 0:
        return remote_addr
    entries = [entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < num_proxies:
        return remote_addr  # the request did not come through the whole proxy chain
    candidate = entries[-num_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def get_client_ip(request) -> str:
    """settings.RATELIMIT_IP_META_KEY: django-ratelimit's "ip" key is our client IP."""
    return request.client_ip


class ClientIpMiddleware:
    """Set `request.client_ip` once, for rate limits, logs and /api/server-info/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_ip = client_ip_for(request.META, hot.NUM_PROXIES)
        return self.get_response(request)


def user_id_if_loaded(request):
    """The user's id if authentication already ran, else None: never loads the user just to know."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class AccessLogMiddleware:
    """One log line per request: method, path, status, duration, request id, user id, client IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        # isEnabledFor is cached by the logging module: with the log level above
        # INFO the request costs nothing more.
        if access_logger.isEnabledFor(logging.INFO):
            self._log(request, response, round((time.perf_counter() - start) * 1000, 1))
        return response

    @staticmethod
    def _log(request, response, duration_ms):
        method, path, status, client_ip = request.method, request.path, response.status_code, request.client_ip
        if not path.isprintable():
            # A path may carry any character percent-encoded: %0a would end the line,
            # and what follows would read as a line of its own (a forged request).
            # Escaped as Django escapes its own log lines ("\n", "\x1b").
            path = path.encode("unicode_escape").decode("ascii")
        # And a space (%20) would let a path write the fields after it: "/x 200 1.0ms user=1".
        path = path.replace(" ", "%20")
        user_id = user_id_if_loaded(request)
        # The fields are passed as `extra` too, for the JSON formatter (LOG_FORMAT=json);
        # the text formatter prints only the message.
        access_logger.info(
            "%s %s %s %.1fms user=%s ip=%s",
            method,
            path,
            status,
            duration_ms,
            user_id,
            client_ip,
            extra={
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "client_ip": client_ip,
            },
        )


class ServerTimingMiddleware:
    """`Server-Timing: total;dur=<ms>, db;dur=<ms>;desc="<n> queries"` (browsers show it in their dev tools).

    The request's QueryTimer is `request.db_timing`, so a view can report the
    queries so far. Its queries are counted by the wrapper every database
    connection carries (blogsite.query_timing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.db_timing = timer = QueryTimer()
        start = time.perf_counter()
        token = current_timer.set(timer)
        try:
            response = self.get_response(request)
        finally:
            current_timer.reset(token)
        total_ms = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = (
            f'total;dur={total_ms:.1f}, db;dur={timer.seconds * 1000:.1f};desc="{timer.queries} queries"'
        )
        return response


RATE_LIMIT_EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})


class RateLimitMiddleware:
    """RATELIMIT_RATE per client IP on every request, except the load balancer's probes.

    Keyed on the client IP: `request.user` is not the JWT user yet at this
    point (DRF authenticates inside the view).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in RATE_LIMIT_EXEMPT_PATHS and (exceeded := over_the_rate_limit(request)):
            return too_many_requests(request, retry_after=exceeded.retry_after)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers a clean 503, not a traceback page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return None
        # Once a minute per process, with how many were left out (settings.LOGGING).
        database_logger.error("Database unavailable: %s", exception, exc_info=exception)
        return service_unavailable(request)
