"""The project's middleware: small plain classes, one concern each.

Their order is set and explained in settings.MIDDLEWARE.
"""

import ipaddress
import logging
import re
import secrets
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import request_finished, setting_changed
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from blogsite.caching import cached_with_version
from blogsite.hot_settings import hot
from blogsite.log import request_id_var
from blogsite.query_timing import QueryTimer, current_timer
from blogsite.ratelimits import RateLimitExceeded, client_ip_key, parsed_rate, rate_limit
from blogsite.views import DATABASE_UNAVAILABLE_ERRORS, is_api_request, service_unavailable, too_many_requests

access_logger = logging.getLogger("blogsite.access")
database_logger = logging.getLogger("blogsite.database")
logger = logging.getLogger(__name__)

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


def _user_id(request):
    """The user's id if authentication already ran; never loads the user just for the log."""
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
        user_id = _user_id(request)
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


# The response attributes django-csp's decorators (@csp_update, @csp_replace, @csp
# ...) set to change one view's policy.
_CSP_OVERRIDES = tuple(f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro"))


class CachedPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's CSPMiddleware, with the site-wide policy built once per process.

    django-csp builds both headers (the policy and the report-only one) from
    settings on every response, which is most of its cost. A response that
    used no nonce and has no per-view override gets the very same two
    strings every time, so they are built on first use and kept (until a
    test changes the settings). Any other response goes through django-csp
    unchanged.
    """

    # For each header: (name, policy, excluded path prefixes, the response attribute that exempts from it).
    _policies = None

    @classmethod
    def _forget_policies(cls, *, setting, **kwargs):
        if setting.startswith("CONTENT_SECURITY_POLICY"):
            cls._policies = None

    @classmethod
    def _site_policies(cls):
        if cls._policies is None:
            config = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
            config_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
            cls._policies = (
                (HEADER, build_policy(), tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ()), "_csp_exempt"),
                (
                    HEADER_REPORT_ONLY,
                    build_policy(report_only=True),
                    tuple(config_ro.get("EXCLUDE_URL_PREFIXES", None) or ()),
                    "_csp_exempt_ro",
                ),
            )
        return cls._policies

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_OVERRIDES
        ):
            return super().process_response(request, response)
        # From here on, what CSPMiddleware.process_response does, with the built strings.
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # Django's debug pages
        for header, policy, prefixes, exempt in self._site_policies():
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        # Reading request.csp_nonce from now on raises, as with django-csp.
        request.csp_nonce = _NONCE_AFTER_RESPONSE
        return response


# django-csp's request.csp_nonce once the response is out: a lazy object whose
# setup raises CSPNonceError. Its setup never succeeds, so it never holds a
# value and one instance serves every request.
_NONCE_AFTER_RESPONSE = CheckableLazyObject(CSPMiddleware._csp_nonce_post_response)

setting_changed.connect(CachedPolicyCSPMiddleware._forget_policies, dispatch_uid="blogsite.csp_forget_policies")


class AnonymousResponseCacheMiddleware:
    """Answer anonymous GET and HEAD requests for a few public lists from the cache.

    The pages and how long their entries live: settings.RESPONSE_CACHE_TTLS.
    A hit costs one cache read (the content version and the entry together)
    and runs no session, CSRF, authentication, view or query. An entry is the inner
    response's status, its headers (its own ResponseHeaders, each header
    checked once when it was set, so a hit does not check them again) and its
    bytes, not a pickled HttpResponse (what cache_page stores, which costs
    more to load than this whole path). The
    middleware listed above this one run on every response, hit or miss:
    X-Request-ID, Server-Timing and the access log line are made fresh. The
    security headers, added below, are stored with the entry: for an anonymous
    read of one page over one scheme they are the same every time. A hit
    counts against the rate limit here (over_the_rate_limit); a request over
    it is not answered from the cache but goes on down to RateLimitMiddleware,
    whose 429 gets the security headers like any other response. Under
    SECURE_SSL_REDIRECT a plain-HTTP request goes on down too, to be redirected.

    Nothing personal is ever shared:
    - a request is answered from the cache, or its response stored, only if it
      carries no credentials: no Authorization header and no cookie but the
      CSRF one (no session, no pending messages);
    - a response is stored only if it is a 200 that sets no cookie (a page
      with a CSRF token always sets the CSRF cookie), used no CSP nonce, and
      was made for an anonymous user.
    Entries are versioned (blogsite.caching): a write through the services
    makes every entry stale at once. A key holds the scheme, the host and the full
    path (DRF's next/previous links are absolute); query strings other than
    ?page= and ?page_size= are not cached. API lists are cached only for
    clients that get JSON (no Accept, */* or application/json): a browser
    gets the browsable API, uncached.
    """

    cookies_allowed = frozenset({settings.CSRF_COOKIE_NAME})
    params_allowed = frozenset({"page", "page_size"})
    json_accepts = frozenset({"", "*/*", "application/json"})

    def __init__(self, get_response):
        if not settings.RESPONSE_CACHE_ENABLE:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        ttl = hot.RESPONSE_CACHE_TTLS.get(request.path_info)
        if ttl is None or not self._is_anonymous_read(request):
            return self.get_response(request)
        scheme = request.scheme
        if scheme == "http" and hot.SECURE_SSL_REDIRECT:
            return self.get_response(request)  # SecurityMiddleware, below, redirects it
        # Entries hold a ResponseHeaders; the release before stored a list of header pairs
        # under "page:". The prefixes differ, so during a deploy neither reads the other's.
        # The path and the query string as they came, not request.get_full_path()'s
        # escaped form: two spellings that escape alike get an entry each, which
        # costs a render, and a request is never answered with another's entry.
        query = request.META.get("QUERY_STRING", "")
        full_path = f"{request.path}?{query}" if query else request.path
        key = ":".join(("response", scheme, request.META.get("HTTP_HOST", ""), full_path))
        # The entry carries the content version it was made under, so one
        # read (one Redis round trip) fetches both and tells whether it is stale.
        version, entry = cached_with_version(key)
        # A request over the rate limit goes on down, to RateLimitMiddleware's 429.
        if entry is not None and entry[0] == version and not over_the_rate_limit(request):
            _, status, headers, body = entry
            response = HttpResponse(body, status=status)
            response.headers = headers  # with the stored Content-Type
            return response
        response = self.get_response(request)
        if self._is_shareable(request, response):
            cache.set(key, (version, response.status_code, response.headers, response.content), ttl)
        return response

    def _is_anonymous_read(self, request) -> bool:
        meta = request.META
        return (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in meta
            # No Cookie header: nothing to parse.
            and ("HTTP_COOKIE" not in meta or self.cookies_allowed.issuperset(request.COOKIES))
            # The parameter names, as the query string spells them: split at "&" and
            # "=" as request.GET does, but not percent-decoded. A name spelled with
            # an escape ("page%5Fsize") is not one of the allowed spellings, so that
            # request is rendered, never answered from the cache or stored.
            and self.params_allowed.issuperset(
                pair.partition("=")[0] for pair in meta.get("QUERY_STRING", "").split("&") if pair
            )
            and (not is_api_request(request) or meta.get("HTTP_ACCEPT", "") in self.json_accepts)
        )

    @staticmethod
    def _is_shareable(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and getattr(request, "_csp_nonce", None) is None
            and _user_id(request) is None
        )


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
