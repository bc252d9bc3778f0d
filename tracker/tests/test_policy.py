"""The confidentiality policy answers for every role and disclosure level."""

import pytest
from django.contrib.auth.models import AnonymousUser

from incidents.choices import Disclosure
from incidents.models import Victim
from tracker import policy

# Which identities each role may see, restricted ones aside (those need the user named).
EXPECTED = {
    "superuser": {"public", "partners", "staff", "restricted"},
    "staff": {"public", "partners", "staff"},
    "reviewer": {"public", "partners", "staff"},
    "partner": {"public", "partners"},
    "auditor": {"public", "partners"},
    "stranger": {"public"},
}


@pytest.fixture
def victims(db) -> dict[str, Victim]:
    return {
        level: Victim.objects.create(name=f"Name at {level}", disclosure=level) for level in Disclosure.values
    }


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("level", Disclosure.values)
def test_it_answers_for_every_role_and_level(request, victims, role, level):
    user = request.getfixturevalue(role)
    victim = victims[level]
    expected = level in EXPECTED[role]

    assert policy.may_see_identity(user, victim) is expected
    # The queryset form agrees with the per-object form, so lists and detail pages agree.
    annotated = policy.with_identity_visibility(Victim.objects.filter(pk=victim.pk), user).get()
    assert annotated.identity_visible is expected
    shown = policy.identity(user, victim)["name"]
    assert shown == (victim.name if expected else policy.WITHHELD)


def test_anonymous_sees_only_public_identities(victims):
    anonymous = AnonymousUser()
    visible = {v.disclosure for v in Victim.objects.filter(policy.identity_visible_q(anonymous))}
    assert visible == {"public"}


def test_a_restricted_identity_is_shown_only_to_the_staff_named_on_it(victims, staff, reviewer, partner):
    restricted = victims["restricted"]
    restricted.restricted_to.add(staff, partner)

    assert policy.may_see_identity(staff, restricted)
    assert not policy.may_see_identity(reviewer, restricted)
    # Naming a partner on a restricted victim does not open it: only staff roles can be named.
    assert not policy.may_see_identity(partner, restricted)
    visible = set(
        Victim.objects.filter(policy.identity_visible_q(staff)).values_list("disclosure", flat=True)
    )
    assert visible == {"public", "partners", "staff", "restricted"}


def test_a_victims_str_is_its_pseudonym_never_its_name(victims):
    victim = victims["restricted"]
    assert str(victim) == victim.pseudonym
    assert victim.name not in str(victim)


def test_pseudonyms_are_random_not_the_id_nor_the_name(db):
    first = Victim.objects.create(name="Same Name")
    second = Victim.objects.create(name="Same Name")
    assert first.pseudonym != second.pseudonym
    assert str(first.pk) not in first.pseudonym[2:]
    assert first.pseudonym.startswith("V-") and len(first.pseudonym) == 8
