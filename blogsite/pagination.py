from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (default 20, capped at 100) on every API list."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def html_page_size(request, default: int = 20, maximum: int = 100) -> int:
    """The `?page_size=` of an HTML list, clamped like the API's."""
    try:
        size = int(request.GET.get("page_size", default))
    except ValueError:
        return default
    return max(1, min(size, maximum))
