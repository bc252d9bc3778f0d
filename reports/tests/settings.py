"""The test settings with this app installed, until tracker/settings.py lists it."""

from tracker.settings_test import *  # noqa: F403

if "reports" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "reports"]  # noqa: F405
