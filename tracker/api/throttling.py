"""One request budget per token (per account for browser sessions).

Over budget, DRF answers 429 with a Retry-After header giving the seconds to wait. The rate is
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"], read at each request so that it can be changed
in tests and settings alike.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from tracker.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
