"""The cast every test can call on: one user per role, and the loaded seeds."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker import roles

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def empty_cache():
    """Request budgets and cached statistics live in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


class SecondFactorClient(Client):
    """The cast signs in with their second factor: a test client whose sign-ins include it.

    The admin admits only sessions verified with a device (tracker/security/sites.py). Every
    member of the cast has a confirmed TOTP device, and signing in through this client marks
    the session as verified with it, as django_otp.login does after a right code. A user with
    no confirmed device is signed in with the password alone. Tests of the second factor itself
    sign in through the admin's login pages instead.
    """

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    def login(self, **credentials) -> bool:
        # The lockout backend (django-axes) needs the request that signs in, with its address.
        credentials.setdefault("request", RequestFactory().post("/admin/login/"))
        user = authenticate(**credentials)
        if user is None:
            return False
        self.force_login(user)
        return True


def give_device(user: User) -> TOTPDevice:
    """A confirmed authenticator app, for staff accounts a test makes beyond the cast."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def _member(username: str, role: str | None, *, is_staff: bool) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=is_staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if is_staff:
        give_device(user)
    return user


@pytest.fixture
def client() -> SecondFactorClient:
    """pytest-django's client, signing in with the second factor (see SecondFactorClient)."""
    return SecondFactorClient()


@pytest.fixture
def admin_client(db, admin_user: User) -> SecondFactorClient:
    """pytest-django's admin_client, with the second factor."""
    give_device(admin_user)
    signed_in = SecondFactorClient()
    signed_in.force_login(admin_user)
    return signed_in


@pytest.fixture
def superuser(db) -> User:
    user = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    give_device(user)
    return user


@pytest.fixture
def staff(db) -> User:
    """A documentalist."""
    return _member("documentalist", roles.STAFF, is_staff=True)


@pytest.fixture
def reviewer(db) -> User:
    return _member("reviewer", roles.REVIEWERS, is_staff=True)


@pytest.fixture
def partner(db) -> User:
    """A partner organisation's API user: no admin access."""
    return _member("partner", roles.PARTNERS, is_staff=False)


@pytest.fixture
def auditor(db) -> User:
    return _member("auditor", roles.AUDITORS, is_staff=True)


@pytest.fixture
def stranger(db) -> User:
    """Signed in, but in no role."""
    return _member("stranger", None, is_staff=False)


@pytest.fixture
def vocabularies(db) -> None:
    call_command("seed", "--vocabularies-only", verbosity=0)


@pytest.fixture
def seeded(db) -> None:
    call_command("seed", verbosity=0)
