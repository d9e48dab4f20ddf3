"""How often a program may call the API: per token, and per network address
for calls without one. Over the rate: ``429`` with ``Retry-After``.

Rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``token``,
``address``); counters live in the default cache (Redis in production, the
process's memory under ``make run``).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from shop.apps.core.http import client_address

from .permissions import token_of


class _RateFromSettings(SimpleRateThrottle):
    # DRF copies the rates onto the class at import; read them per request
    # instead, so that a change of settings (tests, reloads) applies.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_RateFromSettings):
    """Calls made with a personal access token, counted per token (every
    program a person runs has its own token, hence its own allowance)."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = token_of(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class AddressRateThrottle(_RateFromSettings):
    """Calls made without a token, counted per network address (behind
    ``TRUSTED_PROXY_COUNT`` proxies, as everywhere on the site)."""

    scope = "address"

    def get_cache_key(self, request, view):
        if token_of(request) is not None:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": client_address(request) or "unknown",
        }
