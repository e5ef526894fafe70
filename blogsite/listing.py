"""Helpers for HTML pages that list many rows: work done once per page instead of once per row.

In the profile of a 100-row list, per-row work in the template was most of
the time: url() calls reverse() (~15 µs) and the `date` filter converts and
formats an aware datetime through Django's localized formatter (~30 µs), for
every row. Such views read their rows with values() and give the template
rows whose links and dates are already strings (made from isoformat(),
which costs a tenth of strftime()), the same strings the `date` filter
would give.
"""

from collections.abc import Callable
from datetime import datetime

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


def to_local_time() -> Callable[[datetime], datetime]:
    """Converts aware datetimes to the current time zone, as the `date` filter does before formatting them.

    Then `.isoformat()` is `date("c")` and `.date().isoformat()` is `date("Y-m-d")` (blogsite.jinja2).
    In UTC there is nothing to convert: the database returns its values in UTC.
    """
    if current_zone_is_utc():
        return lambda value: value
    tz = timezone.get_current_timezone()
    return lambda value: value.astimezone(tz)
