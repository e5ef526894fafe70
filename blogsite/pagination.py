from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework import pagination

from blogsite.caching import versioned_key

# A write outside the services (admin, shell, bulk load) is counted within this time.
COUNT_TTL = 60


class CachedCountPaginator(Paginator):
    """A Paginator whose total is cached until the site's content next changes.

    COUNT(*) reads every matching row (or index entry) on every page view: at
    100,000 posts it costs more than fetching the page itself. The count is
    stored under a versioned key (blogsite.caching), so a post or user created
    through the services is counted on the very next request.

    `count_key` names the list being counted (e.g. "posts" or "posts:author=7");
    without one the paginator counts as usual.
    """

    def __init__(self, object_list, per_page, *args, count_key: str = "", **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if not self.count_key:
            return super().count
        key = versioned_key("count", self.count_key)
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, COUNT_TTL)
        return count


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (default 20, capped at 100) on every API list.

    A view with a `count_key` attribute gets its total from the cache (CachedCountPaginator).
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.count_key = getattr(view, "count_key", "")
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        # DRF builds its paginator by calling this attribute; as a method it can pass the view's count_key.
        return CachedCountPaginator(object_list, per_page, count_key=self.count_key)


def html_page_size(request, default: int = 20, maximum: int = 100) -> int:
    """The `?page_size=` of an HTML list, clamped like the API's."""
    try:
        size = int(request.GET.get("page_size", default))
    except ValueError:
        return default
    return max(1, min(size, maximum))
