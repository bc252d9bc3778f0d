"""The cast every test can call on: one user per role, and the loaded seeds."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from tracker import roles

PASSWORD = "correct horse battery staple"


def _member(username: str, role: str | None, *, is_staff: bool) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=is_staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


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
