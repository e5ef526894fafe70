"""Site-wide API views: the login-limited token endpoint, the OpenAPI document, and the request as each layer saw it."""

import os
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.utils.timesince import timesince
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.views import TokenObtainPairView

from blogsite.ratelimits import login_rate_limit

# The credentials a request can carry in its headers: the contract's three, and
# Proxy-Authorization (credentials for a proxy, sent the same way as Authorization).
REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-csrftoken"})
# WSGI keeps no header name's case, and Django title-cases each word
# ("X-Csrftoken"): these are given back as the contract and Django's docs spell them.
HEADER_SPELLINGS = {"X-Csrftoken": "X-CSRFToken", "X-Request-Id": "X-Request-ID"}
AUTH_METHODS = {"JWTAuthentication": "jwt", "SessionAuthentication": "session"}


def _lifetime(name: str) -> str:
    """A SIMPLE_JWT lifetime in words, for the schema's descriptions ("15 minutes", "1 day")."""
    start = datetime(2000, 1, 1, tzinfo=UTC)
    return timesince(start, start + settings.SIMPLE_JWT[name]).replace("\xa0", " ")


class LoginRateLimitedTokenView(TokenObtainPairView):
    """POST /api/auth/token/ under RATELIMIT_LOGIN_RATE per IP and per username (429 when over)."""

    @extend_schema(
        description=(
            f"Log in with a username and password: an access token, valid for "
            f"{_lifetime('ACCESS_TOKEN_LIFETIME')}, to send as `Authorization: Bearer <access>`, and a "
            f"refresh token, valid for {_lifetime('REFRESH_TOKEN_LIFETIME')}, for new access tokens "
            "(`/api/auth/token/refresh/`). Wrong credentials are 401; logins are limited per address "
            "and per username (429). Tokens issued before a password change are refused."
        )
    )
    def post(self, request, *args, **kwargs):
        username = request.data.get("username", "") if hasattr(request.data, "get") else ""
        login_rate_limit(request, username=str(username))
        return super().post(request, *args, **kwargs)


@extend_schema_view(
    post=extend_schema(
        description=(
            "A new access token for a refresh token. The refresh token is not replaced: it serves until it "
            "expires. A refused one is 401, with a `code` (token_not_valid, password_changed, no_active_account)."
        )
    )
)
class TokenRefreshView(jwt_views.TokenRefreshView):
    """simplejwt's refresh view, described for the schema."""


class SchemaView(SpectacularAPIView):
    """GET /api/schema/: the OpenAPI 3 document, as JSON unless YAML is asked for.

    drf-spectacular answers YAML to a client that accepts anything (`*/*`,
    what curl, requests and fetch() send), so such a client could not read
    the answer as JSON. Here JSON comes first (application/json), which every
    YAML parser reads too; YAML still comes with `?format=yaml` or
    `Accept: application/yaml` (or drf-spectacular's
    application/vnd.oai.openapi).
    """

    renderer_classes = [OpenApiJsonRenderer2, OpenApiJsonRenderer, OpenApiYamlRenderer, OpenApiYamlRenderer2]


class ProxyLayerSerializer(serializers.Serializer):
    remote_addr = serializers.CharField(help_text="The peer that connected to the WSGI server (nginx in production).")
    x_forwarded_for = serializers.CharField(allow_null=True, help_text="As received; trusted only per NUM_PROXIES.")
    x_forwarded_proto = serializers.CharField(allow_null=True)
    num_proxies = serializers.IntegerField()
    client_ip = serializers.CharField(help_text="The address the site uses for this client.")
    scheme = serializers.CharField()


class WsgiLayerSerializer(serializers.Serializer):
    server_software = serializers.CharField(allow_null=True, help_text="e.g. gunicorn/23.0.0")
    wsgi_version = serializers.CharField(allow_null=True)
    multithread = serializers.BooleanField(allow_null=True)
    multiprocess = serializers.BooleanField(allow_null=True)
    worker_pid = serializers.IntegerField()


class DjangoLayerSerializer(serializers.Serializer):
    request_id = serializers.CharField()
    middleware = serializers.ListField(child=serializers.CharField(), help_text="In order, outermost first.")
    route = serializers.CharField(help_text="The URL pattern that matched.")
    url_name = serializers.CharField()
    view = serializers.CharField()


class AuthLayerSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=["jwt", "session", "anonymous"])
    user_id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_null=True)


class DatabaseLayerSerializer(serializers.Serializer):
    vendor = serializers.CharField()
    queries_so_far = serializers.IntegerField()


class CacheLayerSerializer(serializers.Serializer):
    backend = serializers.CharField()


class LayersSerializer(serializers.Serializer):
    proxy = ProxyLayerSerializer()
    wsgi_server = WsgiLayerSerializer()
    django = DjangoLayerSerializer()
    authentication = AuthLayerSerializer()
    database = DatabaseLayerSerializer()
    cache = CacheLayerSerializer()


class ServerInfoSerializer(serializers.Serializer):
    method = serializers.CharField()
    path = serializers.CharField()
    remote_address = serializers.CharField()
    user_agent = serializers.CharField()
    layers = LayersSerializer()


class ServerInfoView(APIView):
    """This very request as the server saw it, and what each layer of the stack did with it."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: ServerInfoSerializer})
    def get(self, request):
        meta = request.META
        match = request.resolver_match
        view = getattr(match.func, "view_class", match.func)
        user = request.user
        wsgi_version = meta.get("wsgi.version")
        info = {
            "method": request.method,
            "path": request.path,
            "remote_address": request.client_ip,
            "user_agent": meta.get("HTTP_USER_AGENT", ""),
            "layers": {
                "proxy": {
                    "remote_addr": meta.get("REMOTE_ADDR", ""),
                    "x_forwarded_for": meta.get("HTTP_X_FORWARDED_FOR"),
                    "x_forwarded_proto": meta.get("HTTP_X_FORWARDED_PROTO"),
                    "num_proxies": settings.NUM_PROXIES,
                    "client_ip": request.client_ip,
                    "scheme": request.scheme,
                },
                "wsgi_server": {
                    "server_software": meta.get("SERVER_SOFTWARE"),
                    "wsgi_version": ".".join(map(str, wsgi_version)) if wsgi_version else None,
                    "multithread": meta.get("wsgi.multithread"),
                    "multiprocess": meta.get("wsgi.multiprocess"),
                    "worker_pid": os.getpid(),
                },
                "django": {
                    "request_id": request.request_id,
                    "middleware": settings.MIDDLEWARE,
                    "route": match.route,
                    "url_name": match.view_name,
                    "view": f"{view.__module__}.{view.__qualname__}",
                },
                "authentication": {
                    "method": AUTH_METHODS.get(type(request.successful_authenticator).__name__, "anonymous"),
                    "user_id": user.pk if user.is_authenticated else None,
                    "username": user.username if user.is_authenticated else None,
                },
                "database": {"vendor": connection.vendor, "queries_so_far": request.db_timing.queries},
                "cache": {"backend": settings.CACHES["default"]["BACKEND"]},
            },
        }
        return Response(ServerInfoSerializer(info).data)


class ConnectionInfoSerializer(serializers.Serializer):
    headers = serializers.DictField(child=serializers.CharField(), help_text="Credentials shown as [redacted].")


class ConnectionInfoView(APIView):
    """The request headers as received, with credentials redacted."""

    permission_classes = [permissions.AllowAny]
    # No authentication: an expired or wrong token must not hide the headers that carried it.
    authentication_classes = []

    @extend_schema(responses={200: ConnectionInfoSerializer})
    def get(self, request):
        headers = {
            HEADER_SPELLINGS.get(name, name): "[redacted]" if name.lower() in REDACTED_HEADERS else value
            for name, value in request.headers.items()
        }
        return Response({"headers": headers})
