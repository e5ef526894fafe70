"""Liveness and readiness probes for load balancers and orchestrators."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse


def healthz(request):
    """The process is up and answering."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("readyz:probe", "1", timeout=5)
        return cache.get("readyz:probe") == "1"
    except Exception:  # any cache client error means "unavailable"
        return False


def readyz(request):
    """Ready for traffic unless the database is down.

    A down cache is "degraded", not "unavailable": every instance shares it,
    and taking them all out of the load balancer would turn a degraded site
    into an outage.
    """
    database, cache_ = _database_ok(), _cache_ok()
    checks = {"database": "ok" if database else "unavailable", "cache": "ok" if cache_ else "unavailable"}
    if not database:
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    return JsonResponse({"status": "ok" if cache_ else "degraded", "checks": checks})
