"""Five failed sign-ins lock the account from that address for thirty minutes, and every
sign-in, refusal and lockout is written to the `tracker.security` log."""

import datetime
import logging

from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from tracker.tests.test_security_second_factor import CODE_PAGE, LOGIN, wrong_code

WRONG_PASSWORDS = [f"wrong guess number {n}" for n in range(1, 6)]


def attempt(browser: Client, username: str, password: str):
    return browser.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def security_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "tracker.security"]


def test_the_sixth_attempt_is_refused_even_with_the_right_password(staff, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    browser = Client()
    for password in WRONG_PASSWORDS[:4]:
        assert attempt(browser, "documentalist", password).status_code == 200  # the form again
    assert attempt(browser, "documentalist", WRONG_PASSWORDS[4]).status_code == 429

    response = attempt(browser, "documentalist", PASSWORD)

    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in browser.session
    lines = security_lines(caplog)
    assert "locked out: user=documentalist ip=127.0.0.1" in lines
    assert lines.count("sign-in refused (password): user=documentalist ip=127.0.0.1") == 6
    assert not any("password accepted" in line for line in lines)
    # Neither the right password nor any wrong one is written anywhere in the log.
    everything = "\n".join(caplog.text.splitlines() + [str(r.__dict__) for r in caplog.records])
    for password in [PASSWORD, *WRONG_PASSWORDS]:
        assert password not in everything


def test_the_lock_is_for_that_account_from_that_address(staff, reviewer):
    browser = Client()
    for password in WRONG_PASSWORDS:
        attempt(browser, "documentalist", password)

    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    other_account = Client()

    assert attempt(elsewhere, "documentalist", PASSWORD).status_code == 302
    assert attempt(other_account, "reviewer", PASSWORD).status_code == 302
    assert attempt(Client(), "documentalist", PASSWORD).status_code == 429


def test_the_lock_lifts_after_thirty_minutes(staff):
    browser = Client()
    for password in WRONG_PASSWORDS:
        attempt(browser, "documentalist", password)
    assert attempt(browser, "documentalist", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))

    assert attempt(browser, "documentalist", PASSWORD).status_code == 302


def test_a_right_password_clears_earlier_failures(staff):
    browser = Client()
    for password in WRONG_PASSWORDS[:4]:
        attempt(browser, "documentalist", password)
    assert attempt(browser, "documentalist", PASSWORD).status_code == 302
    browser.logout()

    # Four more failures would have made nine; after the reset they are four, and not a lock.
    for password in WRONG_PASSWORDS[:4]:
        assert attempt(browser, "documentalist", password).status_code == 200
    assert attempt(browser, "documentalist", PASSWORD).status_code == 302


def test_wrong_codes_count_towards_the_lock_and_sign_the_user_out(staff, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    browser = Client()
    assert attempt(browser, "documentalist", PASSWORD).status_code == 302
    code = wrong_code(TOTPDevice.objects.get(user=staff))

    responses = [browser.post(CODE_PAGE, {"code": code}) for _ in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in browser.session
    assert attempt(browser, "documentalist", PASSWORD).status_code == 429
    lines = security_lines(caplog)
    assert lines.count("sign-in refused (second factor): user=documentalist ip=127.0.0.1") == 5
    assert not any(code in line for line in lines)


def test_every_sign_in_is_logged_with_the_account_and_address(staff, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    browser = Client(REMOTE_ADDR="203.0.113.9")

    attempt(browser, "documentalist", PASSWORD)

    assert security_lines(caplog) == ["password accepted: user=documentalist ip=203.0.113.9"]
    (record,) = [r for r in caplog.records if r.name == "tracker.security"]
    assert record.created  # the time, which the log formatter writes out


def test_a_failure_never_logs_what_was_typed_for_an_unknown_account(db, caplog):
    # People type their password into the username box; that text must not reach the log.
    caplog.set_level(logging.INFO, logger="tracker.security")

    attempt(Client(), PASSWORD, "whatever")

    assert security_lines(caplog) == ["sign-in refused (password): user=(no such account) ip=127.0.0.1"]
    assert PASSWORD not in caplog.text


def test_behind_a_trusted_proxy_the_lock_counts_the_forwarded_address(staff, settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="tracker.security")
    # The first address is the client's own claim; the proxy appended the one it saw.
    behind_proxy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20")
    for password in WRONG_PASSWORDS:
        attempt(behind_proxy, "documentalist", password)

    assert "locked out: user=documentalist ip=198.51.100.20" in security_lines(caplog)
    other_client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert attempt(other_client, "documentalist", PASSWORD).status_code == 302
