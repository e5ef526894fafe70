"""Error pages in the site's design (the API answers JSON instead)."""

from django.shortcuts import render


def _error_page(request, status: int, title: str, message: str):
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request, exception=None):
    return _error_page(request, 403, "Forbidden", "You do not have permission to do that.")


def page_not_found(request, exception=None):
    return _error_page(request, 404, "Page not found", "There is nothing at this address.")


def server_error(request):
    return _error_page(request, 500, "Server error", "Something went wrong on our side. It has been logged.")
