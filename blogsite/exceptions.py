"""Application errors and their mapping to HTTP, in one place.

Services raise these; the API exception handler below and the HTML views turn
them into responses. Nothing else decides which status an app error gets.
"""

from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
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
    """DRF's handler, plus our application errors as `{"detail": ...}`.

    Anything it returns None for (an unhandled error) is re-raised by DRF and
    answered by handler500: `{"detail": "Internal server error", "request_id": ...}`.
    """
    if isinstance(exc, ApplicationError):
        return Response(exc.response_data(), status=exc.status_code)
    if isinstance(exc, RateLimitExceeded):
        # django-ratelimit's error is a PermissionDenied: DRF would answer 403.
        exc = Throttled(wait=exc.retry_after)
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "Request body too large."}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return exception_handler(exc, context)
