"""Reading IDENTITY_KEYS; kept apart from tracker.crypto so that settings can import it early."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def parse_keys(value: str) -> list[bytes]:
    """IDENTITY_KEYS as a list of Fernet keys, current first; a malformed key is named by position."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"IDENTITY_KEYS: key {position} is not a Fernet key "
                "(generate one with `manage.py rotate_identity_key --generate`)."
            ) from None
    return [key.encode("ascii") for key in keys]
