"""The roles exist after migrate, with the permissions their names imply."""

import pytest
from django.contrib.auth.models import Group

from tracker import roles


def codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_the_four_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


@pytest.mark.django_db
def test_staff_write_reviewers_cannot_delete_partners_and_auditors_only_read():
    assert {"add_incident", "change_incident", "delete_incident", "delete_victim"} <= codenames(roles.STAFF)
    assert {"add_incident", "change_incident", "change_victim"} <= codenames(roles.REVIEWERS)
    assert not {c for c in codenames(roles.REVIEWERS) if c.startswith("delete_")}
    for role in (roles.PARTNERS, roles.AUDITORS):
        writes = {c for c in codenames(role) if not c.startswith("view_")}
        assert writes == set(), role
        assert {"view_incident", "view_victim", "view_source"} <= codenames(role)
    assert "view_historicalincident" in codenames(roles.AUDITORS)
