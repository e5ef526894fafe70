"""Application errors and their mapping to HTTP, in one place.

Services raise these; the API exception handler below and the HTML views turn
them into responses. Nothing else decides which status an app error gets. An
HTML view catches the ones its service can raise and shows their `detail`
(on its form, as the checkout does); one it lets through is a 500 page.
"""

from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from blogsite.ratelimits import RateLimitExceeded


class ApplicationError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request could not be completed."

    def __init__(self, detail: str | None = None):
        self.detail = detail or self.default_detail
        super().__init__(self.detail)

    def response_data(self) -> dict:
        """The JSON body of this error's API answer; subclasses may add fields."""
        return {"detail": self.detail}


def api_exception_handler(exc, context):
    """DRF's handler, plus our application errors as `{"detail": ...}`; always rendered as JSON.

    Anything it returns None for (an unhandled error) is re-raised by DRF and
    answered by handler500: `{"detail": "Internal server error", "request_id": ...}`.
    """
    response = _error_response(exc, context)
    if response is not None:
        # DRF renders an error with the renderer content negotiation chose: a
        # browser (Accept: text/html) would get the browsable API's HTML page.
        # API errors are JSON whatever the client accepts: the first of
        # DEFAULT_RENDERER_CLASSES, set on the request, where DRF's
        # finalize_response takes it from.
        renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()
        request = context["request"]
        request.accepted_renderer, request.accepted_media_type = renderer, renderer.media_type
    return response


def _error_response(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(exc.response_data(), status=exc.status_code)
    if isinstance(exc, RateLimitExceeded):
        # django-ratelimit's error is a PermissionDenied: DRF would answer 403.
        exc = Throttled(wait=exc.retry_after)
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "Request body too large."}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return exception_handler(exc, context)
