"""Error pages in the site's design; under /api/ the same errors answer JSON."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _error_page(request: HttpRequest, status: int, title: str, message: str, api_detail: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": api_detail}, status=status)
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400, "Bad request", "The request could not be understood.", "Bad request.")


def permission_denied(request, exception=None):
    return _error_page(
        request,
        403,
        "Forbidden",
        "You do not have permission to do that.",
        "You do not have permission to perform this action.",
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a stale or missing form token, explained in the site's design."""
    return _error_page(
        request,
        403,
        "Forbidden",
        "The form had expired or was sent from another site. Go back, reload the page and try again.",
        "CSRF verification failed.",
    )


def page_not_found(request, exception=None):
    return _error_page(request, 404, "Page not found", "There is nothing at this address.", "Not found.")


def server_error(request):
    """Rendered without the request, so no context processor runs: the database
    (where the session and the user live) may be what failed."""
    if _is_api(request):
        return JsonResponse(
            {"detail": "Internal server error", "request_id": getattr(request, "request_id", None)}, status=500
        )
    context = {
        "status": 500,
        "title": "Server error",
        "message": "Something went wrong on our side. It has been logged.",
    }
    return HttpResponse(loader.render_to_string("error.html", context), status=500)
