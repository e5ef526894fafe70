"""The anonymous response cache: a few public lists answered from the cache, without running their views.

Which pages, and how long an entry lives: settings.RESPONSE_CACHE_TTLS
(RESPONSE_CACHE_ENABLE=0 turns it off). How the entries go stale on a write:
blogsite.caching. The middleware's place in the stack is set and explained in
settings.MIDDLEWARE.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse

from blogsite.caching import cached_with_version
from blogsite.hot_settings import hot
from blogsite.middleware import user_id_if_loaded
from blogsite.ratelimits import over_the_rate_limit
from blogsite.views import is_api_request


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
            and user_id_if_loaded(request) is None
        )
