"""tracker.crypto.BulkDecryptor reads exactly what Fernet reads, and refuses what Fernet refuses."""

import base64
import hashlib
import hmac
import os
import random

import pytest
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tracker import crypto

OLD_KEY = Fernet.generate_key()
NEW_KEY = Fernet.generate_key()
OTHER_KEY = Fernet.generate_key()

# Around the block boundaries (15, 16, 17 and 32 bytes), several scripts, and nothing at all.
TEXTS = [
    "",
    "A",
    "Zelimkhan Akhmado",
    "Zelimkhan Akhmadov",
    "Zelimkhan Akhmadov.",
    "Зелимхан Ахмадов",
    "+7 928 000 11 22, Grozny, Putina 4",
    "x" * 32,
    "名前 🙂 " * 40,
]


def fernet_reads(keys: list[bytes], token: bytes) -> bytes | None:
    """What MultiFernet makes of the token: its text, or None if it refuses it."""
    try:
        return MultiFernet([Fernet(key) for key in keys]).decrypt(token)
    except InvalidToken:
        return None


def bulk_reads(keys: list[bytes], token: bytes) -> bytes | None:
    try:
        return crypto.BulkDecryptor(keys)._decrypt(token)
    except InvalidToken:
        return None


def signed_token(key: bytes, ciphertext: bytes, iv: bytes = b"\0" * 16) -> bytes:
    """A token the key's own HMAC vouches for, around any bytes: what only a key holder can make."""
    raw = base64.urlsafe_b64decode(key)
    body = b"\x80" + (1_700_000_000).to_bytes(8, "big") + iv + ciphertext
    return base64.urlsafe_b64encode(body + hmac.new(raw[:16], body, hashlib.sha256).digest())


def cbc_encrypt(key: bytes, padded: bytes, iv: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(base64.urlsafe_b64decode(key)[16:]), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


@pytest.mark.parametrize("text", TEXTS)
def test_it_reads_every_token_as_fernet_does(text, settings):
    token = crypto.encrypt(text)
    assert crypto.BulkDecryptor().decrypt(token) == crypto.decrypt(token) == text


def test_one_decryptor_reads_many_tokens_in_a_row():
    tokens = [Fernet(NEW_KEY).encrypt(text.encode()) for text in TEXTS * 50]
    decryptor = crypto.BulkDecryptor([NEW_KEY])
    assert [decryptor.decrypt(token.decode()) for token in tokens] == TEXTS * 50


def test_it_tries_each_key_in_turn_as_multifernet_does():
    old, new = Fernet(OLD_KEY).encrypt(b"old"), Fernet(NEW_KEY).encrypt(b"new")
    decryptor = crypto.BulkDecryptor([NEW_KEY, OLD_KEY])
    assert [decryptor.decrypt(t.decode()) for t in (old, new, old)] == ["old", "new", "old"]
    with pytest.raises(ImproperlyConfigured, match="IDENTITY_KEYS lacks the key"):
        crypto.BulkDecryptor([NEW_KEY]).decrypt(old.decode())


def test_it_follows_the_settings_keys():
    token = Fernet(OTHER_KEY).encrypt(b"rotated").decode()
    with override_settings(IDENTITY_KEYS=[NEW_KEY, OTHER_KEY]):
        assert crypto.BulkDecryptor().decrypt(token) == "rotated"


def test_every_tampered_byte_is_refused_as_fernet_refuses_it():
    token = Fernet(NEW_KEY).encrypt("Зелимхан Ахмадов".encode())
    data = base64.urlsafe_b64decode(token)
    for position in range(len(data)):
        for flip in (0x01, 0x80):
            tampered = bytearray(data)
            tampered[position] ^= flip
            forged = base64.urlsafe_b64encode(bytes(tampered))
            assert fernet_reads([NEW_KEY], forged) is None
            assert bulk_reads([NEW_KEY], forged) is None, f"byte {position} ^ {flip:#x} was accepted"
    # The decryptor is none the worse for the refusals.
    assert crypto.BulkDecryptor([NEW_KEY]).decrypt(token.decode()) == "Зелимхан Ахмадов"


@pytest.mark.parametrize(
    "token",
    [
        b"",
        b"gAAAAA",
        b"not base64 at all!",
        b"gAAAAABl" + b"A" * 10,
        base64.urlsafe_b64encode(b"\x81" + b"\0" * 88),
        base64.urlsafe_b64encode(b"\x80" + b"\0" * 88),
    ],
)
def test_malformed_tokens_are_refused(token):
    assert fernet_reads([NEW_KEY], token) is None
    assert bulk_reads([NEW_KEY], token) is None


def test_cut_or_lengthened_tokens_are_refused():
    data = base64.urlsafe_b64decode(Fernet(NEW_KEY).encrypt(b"a name of some length"))
    for size in range(len(data)):
        forged = base64.urlsafe_b64encode(data[:size])
        assert fernet_reads([NEW_KEY], forged) is None
        assert bulk_reads([NEW_KEY], forged) is None
    forged = base64.urlsafe_b64encode(data + b"\0" * 16)
    assert fernet_reads([NEW_KEY], forged) is bulk_reads([NEW_KEY], forged) is None


def test_a_non_ascii_token_gives_the_same_error_as_decrypt():
    for decrypt in (crypto.decrypt, crypto.BulkDecryptor().decrypt):
        with pytest.raises(ImproperlyConfigured, match="IDENTITY_KEYS lacks the key"):
            decrypt("gAAAAAé")


@pytest.mark.parametrize("size", [0, 1, 15, 17, 31])
def test_a_signed_token_whose_ciphertext_is_not_whole_blocks_is_refused_and_leaves_no_state(size):
    forged = signed_token(NEW_KEY, os.urandom(size))
    assert fernet_reads([NEW_KEY], forged) is None
    decryptor = crypto.BulkDecryptor([NEW_KEY])
    with pytest.raises(ImproperlyConfigured):
        decryptor.decrypt(forged.decode())
    # Nothing of the partial block is left in the shared block decryptor to spoil the next token.
    assert decryptor.decrypt(Fernet(NEW_KEY).encrypt(b"next").decode()) == "next"


@pytest.mark.parametrize(
    "last_block",
    [
        b"A" * 15 + b"\x00",  # a pad of 0
        b"A" * 15 + b"\x11",  # a pad longer than a block
        b"A" * 14 + b"\x01\x02",  # pad bytes that disagree
        b"A" * 12 + b"\x03\x04\x04\x04",
    ],
)
def test_a_signed_token_with_bad_padding_is_refused_then_the_next_key_is_tried(last_block):
    iv = os.urandom(16)
    forged = signed_token(NEW_KEY, cbc_encrypt(NEW_KEY, b"B" * 16 + last_block, iv), iv)
    assert fernet_reads([NEW_KEY], forged) is None
    assert bulk_reads([NEW_KEY], forged) is None
    assert fernet_reads([NEW_KEY, OLD_KEY], forged) is bulk_reads([NEW_KEY, OLD_KEY], forged) is None


def test_a_signed_token_with_good_padding_reads_as_fernet_reads_it():
    iv = os.urandom(16)
    forged = signed_token(NEW_KEY, cbc_encrypt(NEW_KEY, b"C" * 16 + b"\x10" * 16, iv), iv)
    assert fernet_reads([NEW_KEY], forged) == bulk_reads([NEW_KEY], forged) == b"C" * 16


def test_random_damage_is_judged_as_fernet_judges_it():
    rng = random.Random(5)
    keys = [NEW_KEY, OLD_KEY]
    decryptor = crypto.BulkDecryptor(keys)
    for n in range(400):
        text = "".join(rng.choice("aбc名 ") for _ in range(rng.randrange(0, 40)))
        data = bytearray(base64.urlsafe_b64decode(Fernet(rng.choice(keys)).encrypt(text.encode())))
        damage = rng.randrange(4)
        if damage == 1:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif damage == 2:
            del data[rng.randrange(len(data)) :]
        elif damage == 3:
            data.insert(rng.randrange(len(data)), rng.randrange(256))
        token = base64.urlsafe_b64encode(bytes(data))
        expected = fernet_reads(keys, token)
        try:
            got = decryptor._decrypt(token)
        except InvalidToken:
            got = None
        assert got == expected, f"case {n}: damage {damage}"
        if damage == 0:
            assert got == text.encode()
