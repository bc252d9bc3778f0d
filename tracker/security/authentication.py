from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from tracker.security.sites import is_verified


class VerifiedSessionAuthentication(SessionAuthentication):
    """A staff session counts for the API only once its second factor has been given.

    The browsable API shares the admin's session; without this, a staff password alone would
    open there what the admin keeps behind the second factor. Accounts that cannot open the
    admin (partners) have no second factor, and their session, if they have one, sees what
    their token would.
    """

    def authenticate(self, request: Request) -> tuple | None:
        signed_in = super().authenticate(request)
        if signed_in is not None and signed_in[0].is_staff and not is_verified(signed_in[0]):
            return None
        return signed_in


class VerifiedSessionScheme(SessionScheme):
    """Describes VerifiedSessionAuthentication in the OpenAPI schema as the session cookie."""

    target_class = "tracker.security.authentication.VerifiedSessionAuthentication"
