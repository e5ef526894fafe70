"""The settings read on every request, kept as plain attributes of one object.

`settings.NAME` goes through Django's LazySettings proxy, which runs Python
code on every read (LazyObject.__getattribute__, which for most values raises
and swallows an AttributeError inside). The project's middleware reads seven
settings on every request, a cached page included: about 3% of that page's
CPU instructions (bench/RESULTS.md). Here they are read from Django's
settings on first use, and again after any of them changes: Django's
setting_changed signal, sent by override_settings and pytest-django's
`settings` fixture. A running site never changes its settings; tests do.
"""

from django.conf import settings
from django.core.signals import setting_changed


class HotSettings:
    """`hot.NAME` is `settings.NAME`, for the names given."""

    def __init__(self, *names: str):
        self._names = frozenset(names)

    def __getattr__(self, name: str):
        # Python calls this only for a name not yet in the instance's __dict__:
        # on first use, and after forget().
        if name not in self._names:
            raise AttributeError(f"{name} is not one of the hot settings")
        value = getattr(settings, name)
        setattr(self, name, value)
        return value

    def forget(self, *, setting: str, **kwargs) -> None:
        """setting_changed's receiver: the changed setting is read again on its next use."""
        if setting in self._names:
            self.__dict__.pop(setting, None)


hot = HotSettings(
    "CACHES",
    "NUM_PROXIES",
    "RATELIMIT_IPV4_MASK",
    "RATELIMIT_IPV6_MASK",
    "RATELIMIT_RATE",
    "RESPONSE_CACHE_TTLS",
    "SECURE_SSL_REDIRECT",
)
setting_changed.connect(hot.forget, weak=False, dispatch_uid="blogsite.hot_settings")
