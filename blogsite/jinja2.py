"""The Jinja2 environment of the site's own templates (settings.TEMPLATES, `templates/`).

The pages, the shared layout and the emails are Jinja2 templates: a 100-row
table renders several times faster than with Django's template language. The
admin, DRF's browsable API, the Swagger page and the form widgets keep
Django's engine (the second TEMPLATES entry).

Django's backend adds `request`, `csrf_input` and `csrf_token` to every page
rendered with a request, then the context processors' variables (`user`,
`messages`, `nav_urls`). This module adds what the templates call:

- `url(name, *args, **kwargs)`: Django's reverse(), as {% url %} did;
- `static(path)`: the static file's URL, hashed name included, as {% static %} did
  (looked up once per process: ~15 µs a call, twice on every page);
- the filters `date` (Django's |date on local time) and `floatformat`;
- the filter `html_escape`, for the rows of the long lists, printed with
  autoescape off: the standard library's html.escape(). It returns a plain
  string, where Jinja2's |e returns markupsafe's Markup: half the cost per
  value (a tenth of a 100-row users page). In a block with autoescape on it
  would be escaped twice: there, Jinja2 escapes by itself.
"""

import html
from datetime import datetime
from functools import lru_cache

from django.core.signals import setting_changed
from django.template import defaultfilters
from django.templatetags import static as static_tag
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment, select_autoescape


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args, kwargs=kwargs)


@lru_cache(maxsize=256)
def static(path: str) -> str:
    """The static file's URL, as {% static %} gives it, found once per process and path.

    The storage reads its manifest of hashed names when the process starts,
    so a file's URL does not change while the process runs: a `collectstatic`
    shows after a restart, as with Django's own tag. A test that changes the
    static settings empties the cache.
    """
    return static_tag.static(path)


def _forget_static_urls(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "DEBUG"}:
        static.cache_clear()


setting_changed.connect(_forget_static_urls, dispatch_uid="blogsite.forget_static_urls")


def date(value: datetime | None, format_string: str) -> str:
    """Django's |date filter: the same format characters, on the value in the current time zone.

    DTL converts an aware datetime to local time before |date formats it
    (the filter's `expects_localtime`); Jinja2 does not, so it is done here.
    Lists of many rows format their dates in the view instead (blogsite.listing).
    """
    if value in (None, ""):
        return ""
    return defaultfilters.date(timezone.template_localtime(value), format_string)


def environment(**options) -> Environment:
    # Django's backend sets autoescape=True, which would HTML-escape the .txt
    # emails too: escaping follows the file name instead (and is on for strings).
    options.pop("autoescape", None)
    # Like Django's engine, keep a template's last newline (an email ends with one).
    options.setdefault("keep_trailing_newline", True)
    env = Environment(autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True), **options)
    env.globals.update(url=url, static=static)
    env.filters.update(date=date, floatformat=defaultfilters.floatformat, html_escape=html.escape)
    return env
