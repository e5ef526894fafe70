"""Helpers for HTML pages that list many rows: work done once per page instead of once per row.

In the profile of a 100-row list, per-row work in the template was most of
the time: url() calls reverse() (~15 µs) and the `date` filter converts and
formats an aware datetime through Django's localized formatter (~30 µs), for
every row. Such views read their rows with values() and give the template
rows whose links and dates are already strings (made from isoformat(),
which costs a tenth of strftime()), the same strings the `date` filter
would give.

Datetime columns are read with ListedDatetime: on SQLite and PostgreSQL
that skips parsing every value into a datetime object only to write it out
as text again.
"""

import functools
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import CharField, Func, QuerySet
from django.db.models.query import ValuesListIterable
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

_PLACEHOLDER = "2147483647"  # matches both <int:...> and <str:...> URL parameters


def url_maker(name: str, param: str) -> Callable[[object], str]:
    """reverse(name, kwargs={param: value}) for many values, reversing only once.

    The URL is reversed with a placeholder value, once per process, and each
    value is put where the placeholder was. Only for values that need no quoting in a URL path:
    ids, and usernames (letters, digits and underscores).
    """
    return url_makers((name, param))[0]


def url_makers(*routes: tuple[str, str]) -> list[Callable[[object], str]]:
    """url_maker(name, param) for each (name, param), with the site's prefix and URL configuration read once.

    Each is a thread- and task-local read (asgiref's Local) of ~15,000 to
    ~25,000 instructions, as much as a few rows of a list.
    """
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    return [_filler(*_url_around_placeholder(name, param, prefix, urlconf)) for name, param in routes]


def _filler(before: str, after: str) -> Callable[[object], str]:
    return lambda value: f"{before}{value}{after}"


@functools.lru_cache(maxsize=64)
def _url_around_placeholder(name: str, param: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    # reverse() costs ~30 µs, a tenth of a small page: it is called once per process for each URL
    # name, site prefix and URL configuration (which tests may change).
    before, after = reverse(name, kwargs={param: _PLACEHOLDER}, urlconf=urlconf).rsplit(_PLACEHOLDER, 1)
    return before, after


def current_zone_is_utc() -> bool:
    """Whether the current time zone is UTC (the default TIME_ZONE): the time zone the database's values are in."""
    return getattr(timezone.get_current_timezone(), "key", None) in ("UTC", "Etc/UTC")


class ListedDatetime(Func):
    """A datetime column in values() and values_list() lists: its UTC text as the API writes it.

    "2026-01-02T03:04:05.120000Z": the string DRF's DateTimeField writes in
    UTC (microseconds only when there are some), and what
    datetime.fromisoformat() reads back. Read as a column, every value is
    parsed into an aware datetime, and the page or the renderer then writes it
    out as text again:
    - SQLite stores a datetime as text in UTC, "2026-01-02 03:04:05.120000"
      (no fraction when there are no microseconds); Django parses it in
      Python (parse_datetime, make_aware and a settings read: about a fifth
      of a 100-row list). Here the text comes as it is, with "T" for the
      space and "Z" for UTC.
    - On PostgreSQL, psycopg's loader for timestamptz is C, but the one
      Django registers in its place (to set the connection's time zone) is
      a Python subclass of its Python twin: 2 to 3 µs a value, a fifth of a
      100-row list. Here the server writes the text (to_char, in UTC).
    Other databases read the column as it is: an aware datetime, in UTC too.
    to_local_iso() and blogsite.serializers.format_datetimes() take either.
    """

    arity = 1
    # Elsewhere: the column itself.
    template = "%(expressions)s"
    # Declared as text so that no datetime converter runs on it; elsewhere the
    # driver's datetime passes through (a text field has no converter either).
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(REPLACE(%(expressions)s, ' ', 'T') || 'Z')", **extra_context
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # to_char's US is always six digits; isoformat() leaves them out when they are all 0.
        utc_text = """TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        template = f"REPLACE({utc_text}, '.000000Z', 'Z')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def as_datetime(value: str | datetime) -> datetime:
    """A ListedDatetime value as an aware datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def to_local_iso() -> Callable[[str | datetime], str]:
    """ListedDatetime values in the current time zone as isoformat() writes them: the `date` filter's date("c").

    Its first 10 characters are date("Y-m-d"), its first 16 date("Y-m-d H:i")
    with a "T" for the space (blogsite.jinja2). In UTC there is nothing to
    convert: SQLite's text only ends in "+00:00" instead of "Z".
    """
    if current_zone_is_utc():
        return lambda value: value.isoformat() if isinstance(value, datetime) else f"{value[:-1]}+00:00"
    tz = timezone.get_current_timezone()
    return lambda value: as_datetime(value).astimezone(tz).isoformat()


_EMPTY = object()  # a window PrecompiledRows knows to be empty without a query


class PrecompiledRows:
    """A values_list() QuerySet of a hot list, compiled to SQL once per page window.

    Django compiles a QuerySet to SQL each time it is evaluated, and its
    values_list() iterator then goes through its converters and chunks: on
    the home page and the 100-row lists, about a third of the request (in
    process: `/` ~1,250 -> ~800 µs, `/api/users/?page_size=100` ~1,100 ->
    ~750 µs), for SQL that never changes between requests but for the
    page's LIMIT and OFFSET. Here the Paginator slices the rows as it slices
    a QuerySet (`rows[bottom:top]`). The first time a window is read, Django
    compiles the sliced QuerySet as usual, and its SQL is kept (an LRU cache,
    safe across threads) for the next request that reads the same window.

    The rows are the cursor's tuples: what values_list() gives when Django
    has no column to convert. A QuerySet whose columns Django would convert
    (dates, booleans and decimals on SQLite; JSON) is refused, since the
    cursor would not convert them. Only the SQL is kept, never rows: every
    read runs the query, through Django's cursor, so it is counted, logged
    and reconnected as any other.
    """

    WINDOWS = 128  # compiled windows kept per list; the least recently read is dropped first

    def __init__(self, queryset: QuerySet):
        if queryset._iterable_class is not ValuesListIterable:  # not values(), flat=True, named=True or instances
            raise ImproperlyConfigured("PrecompiledRows takes a values_list() QuerySet: its rows are tuples")
        self.queryset = queryset
        self.ordered = queryset.ordered  # the Paginator warns about unordered lists
        self.window_sql = functools.lru_cache(maxsize=self.WINDOWS)(self._compile)

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[tuple]:
        compiled = self.window_sql(window.start, window.stop)
        if compiled is _EMPTY:
            return []
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(*compiled)
            return cursor.fetchall()

    def _compile(self, start: int | None, stop: int | None) -> tuple[str, tuple] | object:
        queryset = self.queryset[start:stop]
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. an empty window, rows[0:0]: Django runs no query either
            return _EMPTY
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        if compiler.has_extra_select or compiler.get_converters(columns):
            raise ImproperlyConfigured(f"PrecompiledRows: Django would convert or trim the rows of {queryset.query}")
        return sql, params
