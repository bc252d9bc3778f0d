"""Settings for the test suite: the production settings with a throwaway key."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-key-not-a-secret-0123456789abcdefghij")
# A throwaway identity key (not the development one): tests encrypt as production does.
os.environ.setdefault("IDENTITY_KEYS", "4BGChz9SxT0tOvOpPfZa233UJS-bMxbUoq-3i_9_T9U=")

from tracker.settings import *  # noqa: E402,F403

# Hashing passwords slowly buys nothing in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
