"""Liveness and readiness probes for load balancers and orchestrators.

DRF views, so that the API schema documents them with the rest, but bare
ones: no authentication (a stale token in a probe's headers must not turn
"up" into a 401) and JSON whatever the client accepts.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings

CHECK_STATES = ["ok", "unavailable"]


class LivenessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["ok"])


class ReadinessChecksSerializer(serializers.Serializer):
    database = serializers.ChoiceField(CHECK_STATES)
    cache = serializers.ChoiceField(CHECK_STATES)


class ReadinessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["ok", "degraded", "unavailable"])
    checks = ReadinessChecksSerializer()


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever the Accept header says (DRF's "ignore the client" negotiation)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()
        return renderer, renderer.media_type


def probe(view):
    """A GET (and HEAD, as load balancers often probe) API view that anyone may call, always answering JSON."""
    view.content_negotiation_class = AlwaysJSON
    view = permission_classes([permissions.AllowAny])(view)
    view = authentication_classes([])(view)
    return api_view(["GET", "HEAD"])(view)


@extend_schema(tags=["health"], responses={200: LivenessSerializer})
@probe
def healthz(request):
    """The process is up and answering."""
    return Response({"status": "ok"})


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


@extend_schema(tags=["health"], responses={200: ReadinessSerializer, 503: ReadinessSerializer})
@probe
def readyz(request):
    """Ready for traffic unless the database is down.

    A down cache is "degraded", not "unavailable": every instance shares it,
    and taking them all out of the load balancer would turn a degraded site
    into an outage.
    """
    database, cache_ = _database_ok(), _cache_ok()
    checks = {"database": "ok" if database else "unavailable", "cache": "ok" if cache_ else "unavailable"}
    if not database:
        return Response({"status": "unavailable", "checks": checks}, status=503)
    return Response({"status": "ok" if cache_ else "degraded", "checks": checks})
