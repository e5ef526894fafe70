"""Django's per-request receivers that have nothing to do in this project, disconnected at start-up.

Django connects receivers to request_started and request_finished, and runs
them on every request, a cached page included. Three of them, and the
request_started run of a fourth, do nothing in this project's
configuration; each still walks Django's connection or cache handlers
(asgiref's context-local storage) on every request. Together they were
about a fifth of the instructions of a cached page (bench/RESULTS.md). They
are disconnected once, when the app registry is ready (BlogsiteConfig.ready),
and only while what makes them idle holds:

- `django.db.reset_queries` (request_started) empties each connection's list
  of logged queries. Queries are logged only with DEBUG on, or while a test
  counts them (Django's CaptureQueriesContext, which takes this receiver off
  for its block and puts it back after), so with DEBUG off the list stays
  empty between requests. Kept with DEBUG on (the development server).
- `django.core.cache.close_caches` (request_finished) calls every cache's
  close(). Local memory's does nothing, and django-redis closes its
  connections only when CLOSE_CONNECTION (or DJANGO_REDIS_CLOSE_CONNECTION)
  asks it to. Kept if any configured cache would close something.
- `django.core.handlers.base.reset_urlconf` (request_finished) drops the
  URLconf a middleware chose for one request (`request.urlconf`, a
  per-host URLconf). Nothing in this project sets one, and Django's handler
  sets the URLconf again at the start of every request. A middleware that
  does set request.urlconf needs it back: take it out of the list below.
- `django.db.close_old_connections` on request_started. It stays on
  request_finished, where at the end of each request it closes a
  connection past CONN_MAX_AGE, or one the request left broken or outside
  autocommit, and marks a connection it keeps to be health-checked
  (CONN_HEALTH_CHECKS) before the next request's first query. Run again at
  the start of the next request, it would find the connection as that end
  left it, but for one case: a connection that reached CONN_MAX_AGE while
  the worker sat idle. Without it, such a connection is health-checked,
  serves one more request and is closed at that request's end; if the
  database server dropped it meanwhile, the health check fails and Django
  opens a new one before the first query. Kept unless every database
  health-checks the connections it keeps, or keeps none (CONN_MAX_AGE 0).
"""

from django.conf import settings
from django.core.cache import close_caches
from django.core.cache.backends.base import BaseCache
from django.core.handlers.base import reset_urlconf
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, reset_queries
from django.utils.module_loading import import_string
from django_redis.cache import RedisCache


def _cache_close_does_nothing(config: dict) -> bool:
    backend = import_string(config["BACKEND"])
    if backend.close is BaseCache.close:
        return True
    if issubclass(backend, RedisCache):
        return not config.get("OPTIONS", {}).get(
            "CLOSE_CONNECTION", getattr(settings, "DJANGO_REDIS_CLOSE_CONNECTION", False)
        )
    return False


def _kept_connections_are_health_checked(database: dict) -> bool:
    return database.get("CONN_HEALTH_CHECKS", False) or database.get("CONN_MAX_AGE", 0) == 0


def idle_request_receivers() -> list[tuple[object, object]]:
    """The (signal, receiver) pairs that would do nothing on a request, with the settings as they are."""
    idle = []
    if not settings.DEBUG:
        idle.append((request_started, reset_queries))
    if all(_cache_close_does_nothing(config) for config in settings.CACHES.values()):
        idle.append((request_finished, close_caches))
    idle.append((request_finished, reset_urlconf))
    if all(_kept_connections_are_health_checked(database) for database in settings.DATABASES.values()):
        idle.append((request_started, close_old_connections))
    return idle


def disconnect_idle_request_receivers() -> None:
    for signal, receiver in idle_request_receivers():
        signal.disconnect(receiver)
