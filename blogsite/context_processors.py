"""Context processors of the site's Jinja2 templates (settings.TEMPLATES)."""

from collections import namedtuple
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The URL names base.html links to, and the variable each is under in `nav_urls`.
NAV_URL_NAMES = {
    "home": "home",
    "users": "users",
    "about": "about",
    "dashboard": "dashboard",
    "api_docs": "swagger-ui",
    "post_create": "posts:create",
    "shop": "orders:shop",
    "orders": "orders:list",
    "login": "accounts:login",
    "register": "accounts:register",
    "logout": "accounts:logout",
}

# Attributes rather than a dict: Jinja2 reads `nav_urls.home` with getattr()
# first and a dict's keys only after that fails, and the failure (an
# AttributeError raised and caught) cost about 5,000 CPU instructions a link:
# 45,000 on a page for visitors (nine links), more for members (eleven). A
# named tuple answers getattr() at once, and cannot be changed by the page
# that reads it.
NavUrls = namedtuple("NavUrls", NAV_URL_NAMES)


@lru_cache(maxsize=8)
def _reversed_nav_urls(script_prefix: str, urlconf: str) -> NavUrls:
    # The arguments are what reverse() depends on here: a URL starts with the
    # script prefix (SCRIPT_NAME), and a test may swap the URLconf.
    return NavUrls(**{variable: reverse(name) for variable, name in NAV_URL_NAMES.items()})


def nav_urls(request=None) -> dict:
    """`nav_urls`: the navigation's URLs (NavUrls), reversed once per process instead of on every page.

    url() in a template costs a URL reverse per link, nine to eleven on every page; these never change
    while the process runs. Also called directly by pages rendered without a request (blogsite.views).
    """
    return {"nav_urls": _reversed_nav_urls(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)}
