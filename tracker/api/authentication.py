"""Token authentication for partner organisations' scripts.

Send `Authorization: Bearer <token>` (or `Token <token>`). The token is looked up by its
SHA-256; revoked and expired tokens are refused with a 401 that says which.
"""

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tracker.models import ApiToken, token_hash

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token as 'Authorization: Bearer <token>'.")
        try:
            plaintext = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        # One query: the token and its user together.
        token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(plaintext)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if token.is_expired:
            raise exceptions.AuthenticationFailed("This token has expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user account is inactive.")
        token.record_use()
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Present, so that a missing or bad token is a 401 rather than a 403.
        return 'Bearer realm="api"'
