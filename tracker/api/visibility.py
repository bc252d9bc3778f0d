"""Which records the API shows a caller: everything hangs on the incidents tracker.policy lets it see.

Nothing here decides a level of confidentiality: it only follows tracker.policy's answers
(incident_visible_q, identity_visible_q, clearance) through the relations between records.

- An incident is visible where policy.incident_visible_q says so; any other is a 404, and is
  never counted.
- A violation is visible with its incident. A victim or a perpetrator is visible when one of its
  violations is. Staff (who write through the API) also see victims and actors not yet linked
  to any violation, so that what they just created can be read back.
- An advocacy response is visible when it concerns no incident or at least one visible one.
- Sources are documents in the public record: all are visible, but their archived text and
  the quotes from it only to callers cleared for staff-level identities (see archived_text_visible).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from incidents.choices import Disclosure
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Victim, Violation
from tracker import policy, roles

Caller = User | AnonymousUser


def may_write(user: Caller) -> bool:
    """Staff and superusers write through the API; every other role reads."""
    return user.is_authenticated and (user.is_superuser or roles.STAFF in policy.user_roles(user))


def may_query_identities(user: Caller) -> bool:
    """May the caller filter, search or order victims by their identity fields at all?

    Callers without staff-level clearance may not, even over the identities they can read:
    a filter on a name is an oracle the moment it counts one protected row.
    """
    return Disclosure.STAFF in policy.clearance(user)


def archived_text_visible(user: Caller) -> bool:
    """Archived source texts and quotes name people; only staff-level clearance reads them."""
    return Disclosure.STAFF in policy.clearance(user)


def incidents(user: Caller) -> QuerySet:
    return Incident.objects.filter(policy.incident_visible_q(user))


# Related records follow the incident through a join or a correlated EXISTS rather than
# `incident__in=(SELECT id FROM visible incidents)`: PostgreSQL can then walk an ordering index
# and stop after a page, instead of building the set of every visible incident first.


def violations(user: Caller) -> QuerySet:
    return Violation.objects.filter(policy.incident_visible_q(user, "incident__"))


def involvements(user: Caller) -> QuerySet:
    return Involvement.objects.filter(policy.incident_visible_q(user, "violation__incident__"))


def victims(user: Caller) -> QuerySet:
    """Visible victims, each annotated by the policy with `identity_visible`."""
    suffered = Violation.objects.filter(policy.incident_visible_q(user, "incident__"), victim=OuterRef("pk"))
    visible = Exists(suffered)
    if may_write(user):
        visible |= ~Exists(Violation.objects.filter(victim=OuterRef("pk")))
    return policy.with_identity_visibility(Victim.objects.filter(visible), user)


def perpetrators(user: Caller) -> QuerySet:
    involved = Involvement.objects.filter(
        policy.incident_visible_q(user, "violation__incident__"), perpetrator=OuterRef("pk")
    )
    visible = Exists(involved)
    if may_write(user):
        visible |= ~Exists(Involvement.objects.filter(perpetrator=OuterRef("pk")))
    return Actor.objects.filter(visible)


def violation_count(user: Caller) -> Coalesce:
    """Per actor, the visible violations it is involved in (an annotation for Actor)."""
    counted = (
        involvements(user)
        .filter(perpetrator=OuterRef("pk"))
        .order_by()
        .values("perpetrator")
        .annotate(count=Count("violation", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def advocacy_responses(user: Caller) -> QuerySet:
    # 1 if one of the response's incidents is visible, 0 if none is, NULL if it concerns none.
    # A scalar subquery, evaluated for the rows a page reads; as `NOT EXISTS(...) OR EXISTS(...)`
    # PostgreSQL hashed both sets in full first, which took 150 ms at 100,000 incidents.
    through = AdvocacyResponse.incidents.through
    any_visible = (
        through.objects.filter(advocacyresponse_id=OuterRef("pk"))
        .order_by()
        .values("advocacyresponse_id")
        .annotate(seen=Max(Case(When(policy.incident_visible_q(user, "incident__"), then=1), default=0)))
        .values("seen")
    )
    visible = Coalesce(Subquery(any_visible, output_field=IntegerField()), 1)
    return AdvocacyResponse.objects.alias(visible=visible).filter(visible=1)
