"""The confidentiality policy: the one place that decides what a user may see.

Victims' identities (name, other names, contact and identifying details) carry a disclosure
level: public < partners < staff < restricted. A user's roles give a clearance; a restricted
identity is shown only to the staff named on the victim. The admin, the API and every export
ask this module, and nothing else decides.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from incidents.choices import Disclosure
from tracker import access, roles

WITHHELD = "[withheld]"

_CLEARANCE = {
    roles.STAFF: {Disclosure.PUBLIC, Disclosure.PARTNERS, Disclosure.STAFF},
    roles.REVIEWERS: {Disclosure.PUBLIC, Disclosure.PARTNERS, Disclosure.STAFF},
    roles.PARTNERS: {Disclosure.PUBLIC, Disclosure.PARTNERS},
    roles.AUDITORS: {Disclosure.PUBLIC, Disclosure.PARTNERS},
}


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The user's role names, read once per user object (one query)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_tracker_roles"):
        user._tracker_roles = frozenset(
            user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True)
        )
    return user._tracker_roles


def clearance(user: User | AnonymousUser) -> frozenset[str]:
    """The disclosure levels whose identities the user may see (restricted ones aside)."""
    if user.is_authenticated and user.is_superuser:
        return frozenset(Disclosure.values)
    levels = {Disclosure.PUBLIC}
    for role in user_roles(user):
        levels |= _CLEARANCE[role]
    return frozenset(levels)


def may_be_named_for_restricted(user: User | AnonymousUser) -> bool:
    """Only staff (the Staff and Reviewers roles) can be named on a restricted victim."""
    return bool(user_roles(user) & {roles.STAFF, roles.REVIEWERS})


def identity_visible_q(user: User | AnonymousUser) -> Q:
    """Victims whose identity the user may see, as a filter on Victim."""
    if user.is_authenticated and user.is_superuser:
        return Q(pk__isnull=False)
    visible = Q(disclosure__in=clearance(user))
    if may_be_named_for_restricted(user):
        visible |= Q(disclosure=Disclosure.RESTRICTED, pk__in=user.restricted_victims.values("pk"))
    return visible


def with_identity_visibility(victims: QuerySet, user: User | AnonymousUser) -> QuerySet:
    """Annotate each victim with `identity_visible`, so lists decide without a query per row."""
    return victims.annotate(
        identity_visible=Case(
            When(identity_visible_q(user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def may_see_identity(user: User | AnonymousUser, victim) -> bool:
    """May this user see this victim's real identity?"""
    annotated = getattr(victim, "identity_visible", None)
    if annotated is not None:
        return bool(annotated)
    if user.is_authenticated and user.is_superuser:
        return True
    if victim.disclosure in clearance(user):
        return True
    return (
        victim.disclosure == Disclosure.RESTRICTED
        and may_be_named_for_restricted(user)
        and victim.pk is not None
        and victim.restricted_to.filter(pk=user.pk).exists()
    )


def identity(user: User | AnonymousUser, victim) -> dict[str, str]:
    """The victim's identity fields as this user may see them: the values, or WITHHELD."""
    visible = may_see_identity(user, victim)
    if visible:
        # Every identity shown leaves a line in the access trail (the fields, never the values).
        access.note(user, victim, victim.IDENTITY_FIELDS)
    return {field: (getattr(victim, field) if visible else WITHHELD) for field in victim.IDENTITY_FIELDS}


def incident_visible_q(user: User | AnonymousUser, prefix: str = "") -> Q:
    """Incidents (by their own confidentiality) that the user may see at all.

    `prefix` follows a relation to the incident ("incident__", "violation__incident__"), so that
    related records filter on it with a join or a correlated subquery rather than an id list.
    """
    if user.is_authenticated and user.is_superuser:
        return Q(**{f"{prefix}pk__isnull": False})
    return Q(**{f"{prefix}disclosure__in": clearance(user)})
