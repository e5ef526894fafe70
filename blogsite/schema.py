"""The OpenAPI schema: drf-spectacular's, plus what it cannot see by itself.

- The error answers an operation can give, with their JSON shapes: 400, 413
  and 415 where it takes a body, 401 wherever credentials are read (from the headers: a
  bad or expired token is refused even where anonymous users are welcome;
  or from the body, by the token endpoints), 403 where a permission or CSRF
  (on a session's writes) can refuse, 404 where the path names an object or
  a list has pages, 429 (the rate limits) everywhere but the probes, 500
  everywhere, and 503 wherever the database is read.
  Operations that document an answer themselves (`extend_schema`) keep
  theirs.
- A nested list's limits (`allow_empty=False`, `max_length`) as minItems and
  maxItems.
- In answers, every field of a model's serializer is required (it is always
  there); a PATCH body's fields have no defaults.
- Shared shapes named once: the 400 answer (ValidationError), and every
  path's `{id}` an integer.
- A post's content in answers has no length limits: it is the sanitized HTML,
  which can be shorter (tags removed) or longer (text escaped, `rel` added)
  than the 10 to 10,000 characters that were sent.

- Bearer tokens, and the token endpoints' answers ({access, refresh} for a
  login, {access} for a refresh): accounts.authentication's and
  accounts.api.auth's subclasses of simplejwt's classes documented as
  drf-spectacular documents simplejwt's own (its extensions match a class,
  not its subclasses).

The API fuzzer (`make fuzz`) holds every response to this schema.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import (
    SimpleJWTScheme,
    TokenObtainPairSerializerExtension,
    TokenRefreshSerializerExtension,
)
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import is_list_serializer
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework_simplejwt.views import TokenViewBase

from blogsite.middleware import RATE_LIMIT_EXEMPT_PATHS


class JWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.JWTAuthentication"


class TokenObtainPairAnswer(TokenObtainPairSerializerExtension):
    target_class = "accounts.api.auth.TokenObtainPairSerializer"


class TokenRefreshAnswer(TokenRefreshSerializerExtension):
    target_class = "accounts.api.auth.TokenRefreshSerializer"


class TokenMessageSerializer(serializers.Serializer):
    token_class = serializers.CharField()
    token_type = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    # A refused token's 401 (simplejwt's answer): why, as a code
    # (token_not_valid, password_changed, user_inactive...), and for an
    # access token, each token type tried and what was wrong with it.
    code = serializers.CharField(required=False)
    messages = TokenMessageSerializer(many=True, required=False)


class ServerErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    request_id = serializers.CharField(help_text="The X-Request-ID of the request: its log lines carry it too")


VALIDATION_ERROR = {
    "type": "object",
    "description": (
        'Field names (or "non_field_errors", "detail") with their messages: a list of strings, or, for a list'
        ' of objects (an order\'s items), the same by position ("0", "1"...).'
    ),
    "additionalProperties": {},
}
ERROR_RESPONSES = {
    "400": OpenApiResponse(VALIDATION_ERROR, description="Invalid input, one message per problem"),
    "401": OpenApiResponse(ErrorSerializer, description="Not logged in, or the token is invalid or expired"),
    "403": OpenApiResponse(ErrorSerializer, description="Not allowed, or a session request without its CSRF token"),
    "404": OpenApiResponse(ErrorSerializer, description="No such object, or a page past the end"),
    "413": OpenApiResponse(ErrorSerializer, description="The body is over 1 MiB"),
    "415": OpenApiResponse(ErrorSerializer, description="The body is not JSON (Content-Type: application/json)"),
    "429": OpenApiResponse(ErrorSerializer, description="Too many requests; Retry-After says when to try again"),
    "500": OpenApiResponse(ServerErrorSerializer, description="An unexpected error, logged under request_id"),
    "503": OpenApiResponse(
        ErrorSerializer, description="The database cannot be reached; Retry-After says when to try again"
    ),
}
# The operations that answer without the database: no 503.
WITHOUT_DATABASE = {"/healthz"}
# Permissions that refuse only anonymous users (401), never a logged-in one (403).
_LOGIN_ONLY = (permissions.AllowAny, permissions.IsAuthenticated, permissions.IsAuthenticatedOrReadOnly)


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(code, self._get_response_for_code(ERROR_RESPONSES[code], code, direction=direction))
        return responses

    def _error_codes(self) -> list[str]:
        codes = [] if self.path in RATE_LIMIT_EXEMPT_PATHS else ["429"]
        authenticators = self.view.get_authenticators()
        if authenticators or isinstance(self.view, TokenViewBase):
            codes.append("401")
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes += ["400", "413", "415"]
        # DRF checks CSRF only for a request its SessionAuthentication logged in.
        csrf = self.method not in permissions.SAFE_METHODS and any(
            isinstance(authenticator, SessionAuthentication) for authenticator in authenticators
        )
        if csrf or any(self._can_refuse(permission) for permission in self.view.get_permissions()):
            codes.append("403")
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        codes.append("500")
        if self.path not in WITHOUT_DATABASE:
            codes.append("503")
        return sorted(codes)

    def _can_refuse(self, permission) -> bool:
        """Whether this permission can answer 403 to a logged-in user's request of this operation."""
        if isinstance(permission, _LOGIN_ONLY):
            return False
        # A permission that lets every read through says so (allows_every_read).
        return self.method not in permissions.SAFE_METHODS or not getattr(permission, "allows_every_read", False)

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and isinstance(serializer, serializers.ModelSerializer):
            # An answer made from a model has every field, those with a default
            # or allowed blank in requests too; only the hand-made error shapes
            # have optional ones.
            schema["required"] = list(schema["properties"])
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if is_list_serializer(field) and schema:
            min_items = max(field.min_length or 0, 0 if field.allow_empty else 1)
            if min_items:
                schema["minItems"] = min_items
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
        return schema


def drop_post_content_lengths(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: the length limits of a post's content apply to requests only."""
    content = result.get("components", {}).get("schemas", {}).get("Post", {}).get("properties", {}).get("content")
    if content:
        content.pop("minLength", None)
        content.pop("maxLength", None)
    return result


def drop_partial_update_defaults(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: a PATCH body's fields have no defaults.

    A partial update changes only the fields sent; the create's defaults
    (a product's stock 0) would tell a client generator to send them, and so
    to overwrite what is there.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("Patched"):
            for field in component.get("properties", {}).values():
                field.pop("default", None)
    return result


def name_shared_shapes(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: one name for each shape many operations share.

    - The 400 answer: a component (ValidationError), not the same inline
      object repeated under every operation that takes a body.
    - A path's `{id}`: an integer everywhere. The posts', products' and users'
      routes match ASCII digits only (lookup_value_regex), which
      drf-spectacular gives as a string with a pattern; the other routes'
      ids were integers already.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["ValidationError"] = VALIDATION_ERROR
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for answer in operation.get("responses", {}).values():
                content = answer.get("content", {}).get("application/json")
                if content and content.get("schema") == VALIDATION_ERROR:
                    content["schema"] = {"$ref": "#/components/schemas/ValidationError"}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"] == {"type": "string", "pattern": "^[0-9]+$"}:
                    parameter["schema"] = {"type": "integer"}
    return result
