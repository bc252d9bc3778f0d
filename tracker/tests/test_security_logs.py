"""The application log keeps where an error happened, never what the error message quoted."""

import io
import logging

from django.db import IntegrityError

from tracker.security.logs import WithheldMessagesFormatter

NAME = "Ruslan Akhmadov"


def application_log_output(log_call) -> str:
    """What the application log's formatter (LOGGING in settings) writes for one call."""
    (configured,) = [
        h for h in logging.getLogger().handlers if isinstance(h.formatter, WithheldMessagesFormatter)
    ]
    written = io.StringIO()
    # A handler of our own with the configured formatter: the configured handler's stream may be
    # one that pytest has already closed.
    handler = logging.StreamHandler(written)
    handler.setFormatter(configured.formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        log_call()
    finally:
        root.removeHandler(handler)
    return written.getvalue()


def test_an_error_is_logged_without_its_message():
    def fail_on_a_duplicate_name():
        try:
            try:
                raise KeyError(NAME)
            except KeyError as cause:
                raise IntegrityError(f"Key (name)=({NAME}) already exists.") from cause
        except IntegrityError:
            logging.getLogger("django.request").exception(
                "Internal Server Error: /admin/incidents/victim/add/"
            )

    written = application_log_output(fail_on_a_duplicate_name)

    assert "ERROR django.request: Internal Server Error: /admin/incidents/victim/add/" in written
    assert "django.db.utils.IntegrityError: (message withheld)" in written
    assert "builtins.KeyError: (message withheld)" in written
    assert "test_security_logs.py" in written  # where it happened is kept
    assert "Akhmadov" not in written
