"""Error responses: the site's own pages, and JSON for everything under /api/.

DRF views answer their own errors (blogsite.exceptions); these handlers cover
what happens outside them: unknown URLs, oversized bodies, middleware
failures, rate limits, an unreachable database.
"""

import sys

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from blogsite.context_processors import nav_urls
from blogsite.log import request_id_var

API_PREFIX = "/api/"
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _error_response(request, status: int, title: str, message: str, *, detail: str, safe_render: bool = False):
    """JSON `{"detail": ...}` under /api/, else error.html.

    `safe_render` renders the page without the request, so no context
    processor runs and neither the session nor the user is loaded: the 429,
    500 and 503 pages must not touch the database.
    """
    if is_api_request(request):
        return JsonResponse({"detail": detail}, status=status)
    context = {"status": status, "title": title, "message": message}
    if safe_render:
        # No context processor runs: the navigation's URLs are added here, and
        # the page shows the logged-out navigation (the user is not loaded).
        context |= nav_urls() | {"user": AnonymousUser()}
        return HttpResponse(render_to_string("error.html", context), status=status)
    return render(request, "error.html", context, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        message = "The request body is larger than this site accepts."
        return _error_response(request, 413, "Request too large", message, detail="Request body too large.")
    return _error_response(request, 400, "Bad request", "The request could not be understood.", detail="Bad request.")


def permission_denied(request, exception=None):
    message = "You do not have permission to do that."
    if exception is not None and str(exception):
        message += f" {exception}"  # what the view said to do about it (PermissionDenied("..."))
    return _error_response(
        request, 403, "Forbidden", message, detail="You do not have permission to perform this action."
    )


def csrf_failure(request, reason=""):
    message = "The form had expired or was sent from another site. Go back, reload the page and try again."
    return _error_response(request, 403, "Forbidden", message, detail=f"CSRF Failed: {reason}")


def page_not_found(request, exception=None):
    return _error_response(request, 404, "Page not found", "There is nothing at this address.", detail="Not found.")


class MethodNotAllowedPageMixin:
    """A view's 405 as the site's own page, with its Allow header (Django's has an empty body).

    For the addresses behind a form's button (log out, add a friend, mark
    read): a visitor who opens one (a bookmark, the address typed in) learns
    what it is instead of seeing a blank page.
    """

    def http_method_not_allowed(self, request, *args, **kwargs):
        allowed = super().http_method_not_allowed(request, *args, **kwargs)["Allow"]  # and Django's log line
        message = "A button of the site sends its form here; it cannot be opened as a page. Go back and use the button."
        response = _error_response(request, 405, "Method not allowed", message, detail="Method not allowed.")
        response["Allow"] = allowed
        return response


def too_many_requests(request, *, retry_after: int):
    message = f"Too many requests. Please wait {retry_after} seconds and try again."
    detail = f"Request was throttled. Expected available in {retry_after} seconds."
    response = _error_response(request, 429, "Too many requests", message, detail=detail, safe_render=True)
    response["Retry-After"] = str(retry_after)
    return response


def service_unavailable(request):
    message = "The site cannot reach its database right now. Please try again in a moment."
    detail = "Service temporarily unavailable."
    response = _error_response(request, 503, "Service unavailable", message, detail=detail, safe_render=True)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    """handler500. Django has already logged the exception with its traceback."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE_ERRORS):
        # The database failed outside a view (e.g. while saving the session).
        return service_unavailable(request)
    if is_api_request(request):
        return JsonResponse({"detail": "Internal server error", "request_id": request_id_var.get()}, status=500)
    message = "Something went wrong on our side. It has been logged."
    return _error_response(request, 500, "Server error", message, detail="", safe_render=True)
