"""Victims' identities encrypted at rest, and the blind index that still finds them by name.

The keys come from IDENTITY_KEYS (comma-separated Fernet keys, the first encrypts, all of them
decrypt), never from SECRET_KEY: whoever holds a copy of the settings or a session secret still
cannot read a backup. Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) authenticates
every value, so a tampered column fails loudly instead of decrypting to garbage.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

from tracker.crypto_keys import parse_keys  # noqa: F401  (re-exported)

# Fernet tokens start with the version byte 0x80, "gAAAAA" once base64-encoded.
_TOKEN_PREFIX = "gAAAAA"


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.IDENTITY_KEYS])


@lru_cache(maxsize=1)
def _index_keys() -> tuple[bytes, ...]:
    """One HMAC key per identity key, current first: the index follows rotation."""
    return tuple(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"victim-name-index").derive(
            base64.urlsafe_b64decode(key)
        )
        for key in settings.IDENTITY_KEYS
    )


def _forget_keys(*, setting: str, **kwargs) -> None:
    if setting == "IDENTITY_KEYS":
        _fernet.cache_clear()
        _index_keys.cache_clear()


setting_changed.connect(_forget_keys)


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise ImproperlyConfigured(
            "An identity value cannot be decrypted: IDENTITY_KEYS lacks the key it was written with."
        ) from None


def reencrypt(token: str) -> str:
    """The same value under the current key (MultiFernet.rotate)."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def is_encrypted(value: str) -> bool:
    return value.startswith(_TOKEN_PREFIX)


def index_token(word: str, *, key_index: int = 0) -> str:
    """The blind-index token of one normalised word: an HMAC, so equal words give equal tokens
    and the word itself cannot be read back without the key."""
    key = _index_keys()[key_index]
    return hmac.new(key, word.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def index_key_count() -> int:
    return len(_index_keys())


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the model always sees plain text.

    The empty string stays empty: "no name recorded" is not a secret, and it keeps
    `exclude(name="")` meaningful. Nothing else can be looked up: tokens are randomised.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
