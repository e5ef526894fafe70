"""The Content-Security-Policy header: django-csp's middleware, with the site-wide policy built once.

The policy itself is in settings (CONTENT_SECURITY_POLICY); the middleware's
place in the stack is set and explained in settings.MIDDLEWARE.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# The response attributes django-csp's decorators (@csp_update, @csp_replace, @csp
# ...) set to change one view's policy.
_CSP_OVERRIDES = tuple(f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro"))


class CachedPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's CSPMiddleware, with the site-wide policy built once per process.

    django-csp builds both headers (the policy and the report-only one) from
    settings on every response, which is most of its cost. A response that
    used no nonce and has no per-view override gets the very same two
    strings every time, so they are built on first use and kept (until a
    test changes the settings). Any other response goes through django-csp
    unchanged.
    """

    # For each header: (name, policy, excluded path prefixes, the response attribute that exempts from it).
    _policies = None

    @classmethod
    def _forget_policies(cls, *, setting, **kwargs):
        if setting.startswith("CONTENT_SECURITY_POLICY"):
            cls._policies = None

    @classmethod
    def _site_policies(cls):
        if cls._policies is None:
            config = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
            config_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
            cls._policies = (
                (HEADER, build_policy(), tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ()), "_csp_exempt"),
                (
                    HEADER_REPORT_ONLY,
                    build_policy(report_only=True),
                    tuple(config_ro.get("EXCLUDE_URL_PREFIXES", None) or ()),
                    "_csp_exempt_ro",
                ),
            )
        return cls._policies

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_OVERRIDES
        ):
            return super().process_response(request, response)
        # From here on, what CSPMiddleware.process_response does, with the built strings.
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # Django's debug pages
        for header, policy, prefixes, exempt in self._site_policies():
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        # Reading request.csp_nonce from now on raises, as with django-csp.
        request.csp_nonce = _NONCE_AFTER_RESPONSE
        return response


# django-csp's request.csp_nonce once the response is out: a lazy object whose
# setup raises CSPNonceError. Its setup never succeeds, so it never holds a
# value and one instance serves every request.
_NONCE_AFTER_RESPONSE = CheckableLazyObject(CSPMiddleware._csp_nonce_post_response)

setting_changed.connect(CachedPolicyCSPMiddleware._forget_policies, dispatch_uid="blogsite.csp_forget_policies")
