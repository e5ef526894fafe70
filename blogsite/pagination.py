from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.utils.urls import replace_query_param

from blogsite.caching import cached_with_version

# A write that bumps no content version (a shell, raw SQL) is counted within this time.
COUNT_TTL = 60


class ListPage(Page):
    """A Page that iterates over its rows as a list does.

    Page is a Sequence: iterating over it calls __getitem__ once per row, a
    type check and an index each time, and DRF iterates over every page it
    serves (`list(page)`). Here the rows are read into a list once, as
    __getitem__ does, and iterated over directly.
    """

    def __iter__(self):
        if not isinstance(self.object_list, list):
            self.object_list = list(self.object_list)
        return iter(self.object_list)


class CachedCountPaginator(Paginator):
    """A Paginator whose total is cached until the site's content next changes.

    COUNT(*) reads every matching row (or index entry) on every page view: at
    100,000 posts it costs more than fetching the page itself. The count is
    stored with the content version it was made under (blogsite.caching), as
    the cached pages are: one cache read (one Redis round trip) returns both,
    and a post or user created through the services makes it stale, so it is
    counted again on the very next request.

    `count_key` names the list being counted (e.g. "posts" or "posts:author=7");
    without one the paginator counts as usual.
    """

    def __init__(self, object_list, per_page, *args, count_key: str = "", **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key

    def _get_page(self, *args, **kwargs):
        # Django's hook for "an alternative to the standard Page object".
        return ListPage(*args, **kwargs)

    @cached_property
    def count(self) -> int:
        if not self.count_key:
            return super().count
        key = f"count:{self.count_key}"
        version, entry = cached_with_version(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        count = super().count
        cache.set(key, (version, count), COUNT_TTL)
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

    # The links carry the page size the page was cut to: ?page_size=abc (20)
    # or 500 (100) as it was asked would go on in every link, unexplained.
    def get_next_link(self):
        return self._with_page_size(super().get_next_link())

    def get_previous_link(self):
        return self._with_page_size(super().get_previous_link())

    def _with_page_size(self, url: str | None) -> str | None:
        if url is None or self.page_size_query_param not in self.request.query_params:
            return url
        return replace_query_param(url, self.page_size_query_param, self.get_page_size(self.request))

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["count", "next", "previous", "results"]  # next and previous are null at either end
        return answer

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
                parameter["description"] = (
                    f"Results per page, 1 to {self.max_page_size} (default {self.page_size}): a larger one is "
                    f"{self.max_page_size}, one that is not a positive whole number the default."
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
                parameter["description"] = "A page number from 1 (or `last`); one past the end, or not a page, is 404."
        return parameters


def html_page_size(request, default: int = 20, maximum: int = 100) -> int:
    """The `?page_size=` of an HTML list, read as the API's: not a positive whole number: the default."""
    try:
        size = int(request.GET.get("page_size", default))
    except ValueError:
        return default
    return min(size, maximum) if size > 0 else default
