"""Signing in to the admin takes a password and then a code from an authenticator app.

These tests sign in through the admin's own pages with a plain client, as a person does;
the cast's `client` fixture signs in with both factors already (conftest.SecondFactorClient).
"""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

LOGIN = "/admin/login/"
CODE_PAGE = "/admin/second-factor/"
ENROL_PAGE = "/admin/second-factor/enrol/"


def current_code(device: TOTPDevice, steps_away: int = 0) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_away)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    # Not the code of any step the device accepts now (it allows one step either side).
    accepted = {current_code(device, steps) for steps in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def sign_in_with_password(browser: Client, username: str, next_page: str = "/admin/"):
    return browser.post(LOGIN, {"username": username, "password": PASSWORD, "next": next_page})


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def test_it_sends_a_password_only_sign_in_to_the_code_page(staff):
    browser = Client()

    response = sign_in_with_password(browser, "documentalist")

    assert response.status_code == 302
    assert response.url == CODE_PAGE + "?next=%2Fadmin%2F"
    # Signed in with the password, but the admin stays shut.
    assert browser.session["_auth_user_id"] == str(staff.pk)
    index = browser.get("/admin/")
    assert index.status_code == 302
    assert browser.get("/admin/", follow=True).redirect_chain[-1][0].startswith(CODE_PAGE)


@pytest.mark.parametrize("member", ["staff", "reviewer", "auditor", "superuser"])
def test_every_admin_role_needs_the_second_factor(member, request):
    user = request.getfixturevalue(member)
    browser = Client()
    browser.force_login(user)  # the password alone

    assert browser.get("/admin/").status_code == 302
    assert browser.get("/admin/incidents/incident/").status_code == 302
    assert browser.get("/admin/auth/user/").status_code == 302


def test_it_refuses_a_wrong_code(staff):
    browser = Client()
    sign_in_with_password(browser, "documentalist")

    response = browser.post(CODE_PAGE, {"code": wrong_code(confirmed_device(staff)), "next": "/admin/"})

    assert response.status_code == 200
    assert b"That code was not accepted" in response.content
    assert DEVICE_ID_SESSION_KEY not in browser.session
    assert browser.get("/admin/").status_code == 302


def test_it_admits_the_right_code_and_goes_where_the_user_was_going(staff):
    browser = Client()
    sign_in_with_password(browser, "documentalist", next_page="/admin/incidents/incident/")

    response = browser.post(
        CODE_PAGE, {"code": current_code(confirmed_device(staff)), "next": "/admin/incidents/incident/"}
    )

    assert response.status_code == 302
    assert response.url == "/admin/incidents/incident/"
    assert browser.get("/admin/").status_code == 200
    assert browser.get("/admin/incidents/incident/").status_code == 200


def test_it_does_not_send_anyone_off_site_after_the_code(staff):
    browser = Client()
    sign_in_with_password(browser, "documentalist", next_page="https://attacker.example/")

    response = browser.post(
        CODE_PAGE, {"code": current_code(confirmed_device(staff)), "next": "https://attacker.example/"}
    )

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_code_is_good_only_once(staff):
    device = confirmed_device(staff)
    code = current_code(device)
    first = Client()
    sign_in_with_password(first, "documentalist")
    assert first.post(CODE_PAGE, {"code": code}).status_code == 302

    second = Client()
    sign_in_with_password(second, "documentalist")
    response = second.post(CODE_PAGE, {"code": code})

    assert response.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_first_sign_in_without_a_device_leads_to_enrolment(staff):
    TOTPDevice.objects.filter(user=staff).delete()
    browser = Client()

    response = sign_in_with_password(browser, "documentalist")

    assert response.status_code == 302
    assert response.url.startswith(ENROL_PAGE)
    page = browser.get(response.url)
    assert page.status_code == 200
    # The QR code is drawn into the page: nothing is fetched from elsewhere.
    assert b"<svg" in page.content
    pending = TOTPDevice.objects.get(user=staff)
    assert not pending.confirmed
    assert page.context["secret"].replace(" ", "") in page.content.decode().replace(" ", "")
    assert browser.get("/admin/").status_code == 302


def test_confirming_a_code_finishes_enrolment_and_opens_the_admin(staff):
    TOTPDevice.objects.filter(user=staff).delete()
    browser = Client()
    sign_in_with_password(browser, "documentalist")
    browser.get(ENROL_PAGE)
    pending = TOTPDevice.objects.get(user=staff)

    response = browser.post(ENROL_PAGE, {"code": current_code(pending), "next": "/admin/"})

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert browser.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_finish_enrolment(staff):
    TOTPDevice.objects.filter(user=staff).delete()
    browser = Client()
    sign_in_with_password(browser, "documentalist")
    browser.get(ENROL_PAGE)
    pending = TOTPDevice.objects.get(user=staff)

    response = browser.post(ENROL_PAGE, {"code": wrong_code(pending)})

    assert response.status_code == 200
    assert not TOTPDevice.objects.get(user=staff).confirmed
    assert browser.get("/admin/").status_code == 302


def test_the_enrolment_page_shows_the_same_secret_until_confirmed(staff):
    TOTPDevice.objects.filter(user=staff).delete()
    browser = Client()
    sign_in_with_password(browser, "documentalist")

    first = browser.get(ENROL_PAGE).context["secret"]
    second = browser.get(ENROL_PAGE).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_a_password_cannot_enrol_a_second_device(staff):
    # Otherwise a stolen password would be enough to add the thief's phone.
    browser = Client()
    sign_in_with_password(browser, "documentalist")

    response = browser.get(ENROL_PAGE)

    assert response.status_code == 302
    assert response.url.startswith(CODE_PAGE)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_the_code_pages_are_for_signed_in_staff_only(partner):
    anonymous = Client()
    assert anonymous.get(CODE_PAGE).url.startswith(LOGIN)
    assert anonymous.get(ENROL_PAGE).url.startswith(LOGIN)

    not_staff = Client()
    not_staff.force_login(partner)
    assert not_staff.get(ENROL_PAGE).url.startswith(LOGIN)
    assert not TOTPDevice.objects.filter(user=partner).exists()


def test_a_half_signed_in_user_can_sign_out(staff):
    browser = Client()
    sign_in_with_password(browser, "documentalist")

    response = browser.post("/admin/second-factor/sign-out/")

    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_the_cast_signs_in_with_their_second_factor(client, staff):
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_a_staff_session_without_the_second_factor_gets_nothing_from_the_api(staff):
    browser = Client()
    browser.force_login(staff)  # the password alone

    assert browser.get("/api/v1/victims/").status_code == 401


def test_a_staff_session_with_the_second_factor_reads_the_api(client, staff):
    client.force_login(staff)

    assert client.get("/api/v1/victims/").status_code == 200
