"""Helpers for HTML pages that list many rows: work done once per page instead of once per row.

In the profile of a 100-row list, per-row work in the template was most of
the time: url() calls reverse() (~15 µs) and the `date` filter converts and
formats an aware datetime through Django's localized formatter (~30 µs), for
every row. Such views read their rows with values() and give the template
rows whose links and dates are already strings (made from isoformat(),
which costs a tenth of strftime()), the same strings the `date` filter
would give.

Datetime columns are read with ListedDatetime: on SQLite that skips parsing
every value into a datetime object only to write it out as text again.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import CharField, Func
from django.urls import reverse
from django.utils import timezone

_PLACEHOLDER = "2147483647"  # matches both <int:...> and <str:...> URL parameters


def url_maker(name: str, param: str) -> Callable[[object], str]:
    """reverse(name, kwargs={param: value}) for many values, reversing only once.

    The URL is reversed with a placeholder value, and each value is put where
    the placeholder was. Only for values that need no quoting in a URL path:
    ids, and usernames (letters, digits and underscores).
    """
    before, after = reverse(name, kwargs={param: _PLACEHOLDER}).rsplit(_PLACEHOLDER, 1)
    return lambda value: f"{before}{value}{after}"


def current_zone_is_utc() -> bool:
    """Whether the current time zone is UTC (the default TIME_ZONE): the time zone the database's values are in."""
    return getattr(timezone.get_current_timezone(), "key", None) in ("UTC", "Etc/UTC")


class ListedDatetime(Func):
    """A datetime column in values() and values_list() lists: on SQLite, its UTC text as the API writes it.

    SQLite stores a datetime as text in UTC, "2026-01-02 03:04:05.120000"
    (no fraction when there are no microseconds). Read as a column, Django
    parses every value and makes it aware (parse_datetime, make_aware and a
    settings read: about a fifth of a 100-row list), and the page or the
    renderer then writes it out as text again. Here SQLite's text comes as it
    is, with "T" for the space and "Z" for UTC: "2026-01-02T03:04:05.120000Z",
    the string DRF's DateTimeField writes in UTC, and what
    datetime.fromisoformat() reads back. On other databases (PostgreSQL) the
    column is read as it is: the driver makes the aware datetime, in C.

    So a value is that text on SQLite and an aware datetime elsewhere; both
    are in UTC. to_local_iso() and blogsite.serializers.format_datetimes()
    take either.
    """

    arity = 1
    # Elsewhere than SQLite: the column itself.
    template = "%(expressions)s"
    # Declared as text so that no datetime converter runs on it; elsewhere the
    # driver's datetime passes through (a text field has no converter either).
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(REPLACE(%(expressions)s, ' ', 'T') || 'Z')", **extra_context
        )


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
