"""The sign-in log: every sign-in, refusal, lockout and sign-out, on the `tracker.security` logger.

A line names the account, the address and (through the log formatter) the time. It never holds
a password, a code or anything typed into a record: a failed sign-in logs the username only if
an account has it, since people type their password into the username box.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tracker.security.addresses import client_address

log = logging.getLogger("tracker.security")

UNKNOWN_ACCOUNT = "(no such account)"


def record(event: str, username: str, request: HttpRequest | None, level: int = logging.INFO) -> None:
    """One line of the sign-in log."""
    address = client_address(request) or "-"
    log.log(
        level,
        "%s: user=%s ip=%s",
        event,
        username,
        address,
        extra={"security_event": event, "username": username, "ip_address": address},
    )


def known_username(typed: object) -> str:
    """The username as typed if an account has it; otherwise a placeholder, never the text."""
    if isinstance(typed, str) and typed:
        if get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: typed}).exists():
            return typed
    return UNKNOWN_ACCOUNT


@receiver(user_logged_in, dispatch_uid="tracker.security.password_accepted")
def password_accepted(sender, request: HttpRequest | None, user, **kwargs) -> None:
    record("password accepted", user.get_username(), request)


@receiver(user_login_failed, dispatch_uid="tracker.security.sign_in_refused")
def sign_in_refused(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the username is read.
    step = kwargs.get("step", "password")
    record(f"sign-in refused ({step})", known_username(credentials.get("username")), request, logging.WARNING)


@receiver(user_locked_out, dispatch_uid="tracker.security.locked_out")
def locked_out(sender, request: HttpRequest | None, username: str | None, **kwargs) -> None:
    record("locked out", known_username(username), request, logging.WARNING)


@receiver(user_logged_out, dispatch_uid="tracker.security.signed_out")
def signed_out(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if user is not None:
        record("signed out", user.get_username(), request)
