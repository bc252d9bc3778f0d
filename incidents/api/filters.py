"""Filters for incidents, violations, victims, perpetrators, advocacy responses and terms.

Every filter's value is checked (tracker.api.filters); ids and pseudonyms must name records the
caller may see, so a filter can never confirm that a hidden record exists. Victims' identity
fields are searched only where tracker.policy shows the identity to the caller, and filtered on
only by callers cleared for staff-level identities.
"""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework.exceptions import ValidationError

from incidents.choices import ActorKind, Disclosure, IncidentStatus, VictimKind, Vocabulary
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from incidents.names import normalise_query, victim_name_q
from sources.models import Citation, Source
from tracker import policy
from tracker.api import visibility
from tracker.api.filters import (
    RecordFilterSet,
    boolean,
    choice_parser,
    ids,
    known_ids,
    latest_possible,
    listed,
    may_be_on_or_after,
    may_be_on_or_before,
    parse_bbox,
    parse_country,
    parse_day,
    parse_region,
    single,
    term_ids,
    text_parser,
)

# The expression that incidents/migrations/0002_incident_search_index.py indexes on PostgreSQL.
INCIDENT_SEARCH_VECTOR = SearchVector("title", "narrative", config="english")


def codes(vocabulary: str, method: str, what: str):
    return listed(
        text_parser(64),
        method,
        f"{what}: codes of the {vocabulary} vocabulary (see /api/v1/terms/?vocabulary={vocabulary}); "
        "several allowed, repeated or comma-separated; a code includes the terms under it.",
    )


def countries(method: str, what: str):
    return listed(parse_country, method, f"{what}: ISO 3166-1 alpha-2 codes, e.g. RU; several allowed.")


def regions(method: str, what: str):
    return listed(parse_region, method, f"{what}: ISO 3166-2 codes, e.g. RU-CE; several allowed.")


def victims_param(method: str, what: str):
    return listed(text_parser(20), method, f"{what}: victims' pseudonyms (V-…) or ids; several allowed.")


def visible_victim_ids(user, values: list[str], parameter: str) -> list[int]:
    """Victims named by pseudonym or id, among those the caller may see; others are a 400."""
    numbers = [int(value) for value in values if value.isdigit() and len(value) < 19]
    pseudonyms = [value.upper() for value in values if not value.isdigit()]
    found = visibility.victims(user).filter(Q(pk__in=numbers) | Q(pseudonym__in=pseudonyms))
    by_key = {}
    for pk, pseudonym in found.values_list("pk", "pseudonym"):
        by_key[str(pk)] = by_key[pseudonym] = pk
    missing = [value for value in values if (value if value.isdigit() else value.upper()) not in by_key]
    if missing:
        raise ValidationError({parameter: [f"No victim {', '.join(missing)}."]})
    return [by_key[value if value.isdigit() else value.upper()] for value in values]


def words_in(fields: tuple[str, ...], text: str) -> Q:
    """Every word of text in one of fields (the fallback where there is no full-text search)."""
    condition = Q()
    for word in text.split():
        either = Q(pk__in=[])
        for field in fields:
            either |= Q(**{f"{field}__icontains": word})
        condition &= either
    return condition


def named_victims(user, text: str) -> QuerySet:
    """Victims found by pseudonym, or by a name where the caller may see that victim's identity."""
    key = normalise_query(text)
    by_name = policy.identity_visible_q(user) & victim_name_q(key) if key else Q(pk__in=[])
    # Pseudonyms are made upper case and never edited: an exact match can use their index.
    return Victim.objects.filter(by_name | Q(pseudonym=text.strip().upper()))


def having(related: QuerySet, incident: str = "incident") -> Exists:
    """Incidents with at least one `related` row, as a correlated EXISTS.

    PostgreSQL turns EXISTS, and its negation, into a semi- or anti-join that can follow the
    list's ordering index and stop after a page; `NOT IN (subquery)` it cannot (NULLs), and
    `~Q(pk__in=...)` took seconds on 100,000 incidents (bench/README.md).
    """
    return Exists(related.filter(**{incident: OuterRef("pk")}))


# A filter that matches few incidents through their victims reads the matching incidents' ids
# first, up to this many; past it, the matches are dense enough for the EXISTS walk along the
# list's order to fill a page quickly.
FEW_MATCHES = 5000


def few_or_having(queryset: QuerySet, related: QuerySet) -> QuerySet:
    """Incidents with at least one `related` violation: by their ids where the violations are
    few, else as EXISTS. PostgreSQL cannot tell how rare a substring is, and walking the list's
    order testing each incident took 40 ms for a text 1.5 % of incidents match (bench/README.md);
    the ids, found through a trigram index, take a few."""
    incident_ids = list(related.order_by().values_list("incident_id", flat=True)[: FEW_MATCHES + 1])
    if len(incident_ids) <= FEW_MATCHES:
        return queryset.filter(pk__in=set(incident_ids))
    return queryset.filter(having(related))


def named_actors(text: str) -> QuerySet:
    key = normalise_query(text)
    return Actor.objects.filter(search_names__icontains=key) if key else Actor.objects.none()


class IncidentFilterSet(RecordFilterSet):
    date_after = single(
        parse_day,
        "filter_date_after",
        "Incidents whose span may reach this day or later (YYYY-MM-DD). Dates are read at their "
        "precision: an incident 'in April 2018' matches date_after=2018-04-30; an approximate date "
        "may be 90 days off. Ongoing incidents reach today.",
        format="date",
    )
    date_before = single(
        parse_day,
        "filter_date_before",
        "Incidents whose span may begin on this day or earlier (YYYY-MM-DD), read at precision.",
        format="date",
    )
    country = countries("filter_country", "Where it happened")
    region = regions("filter_region", "Where it happened")
    violation_type = codes(
        Vocabulary.VIOLATION_TYPE, "filter_violation_type", "Incidents with a violation of these types"
    )
    perpetrator = ids("filter_perpetrator", "Incidents involving these perpetrators (ids).")
    perpetrator_type = codes(
        Vocabulary.PERPETRATOR_TYPE,
        "filter_perpetrator_type",
        "Incidents involving perpetrators of these types",
    )
    state_actor = boolean(
        "filter_state_actor",
        "true: incidents with a state actor among the perpetrators; false: incidents without one.",
    )
    victim = victims_param("filter_victim", "Incidents in which these victims suffered a violation")
    victim_group = single(
        text_parser(),
        "filter_victim_group",
        "Incidents whose victims' non-identifying description contains this text, e.g. 'journalists'.",
    )
    victim_kind = listed(
        choice_parser(VictimKind.values),
        "filter_victim_kind",
        "Incidents with victims of this kind: person, or group counted as a whole.",
        enum=VictimKind.values,
    )
    status = listed(
        choice_parser(IncidentStatus.values),
        "filter_status",
        "Incidents with this status; several allowed.",
        enum=IncidentStatus.values,
    )
    source = ids(
        "filter_source", "Incidents citing these sources (ids), directly or through their violations."
    )
    has_response = boolean(
        "filter_has_response", "true: incidents with an advocacy response; false: without."
    )
    bbox = single(
        parse_bbox,
        "filter_bbox",
        "Bounding box min_lon,min_lat,max_lon,max_lat (WGS 84), e.g. 39.5,42.5,47.5,44.5; "
        "min_lon > max_lon crosses the antimeridian. Incidents without coordinates never match.",
    )

    class Meta:
        model = Incident
        fields = []

    def filter_date_after(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(
            Q(end_date__isnull=False) & may_be_on_or_after("end_date", "end_date_precision", day)
            | Q(end_date__isnull=True, is_ongoing=True)
            | Q(end_date__isnull=True, is_ongoing=False)
            & may_be_on_or_after("start_date", "start_date_precision", day)
        )

    def filter_date_before(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        # Without a start date, the end date is the only one known: the incident began by then.
        matching = Q(start_date__isnull=False) & may_be_on_or_before(
            "start_date", "start_date_precision", day
        ) | Q(start_date__isnull=True) & may_be_on_or_before("end_date", "end_date_precision", day)
        # The same bound on start_date at the top, where PostgreSQL can take it to an index: the
        # list's order walks newest first, and incidents before the day may all be at its end.
        bound = Q(start_date__lte=latest_possible(day)) | Q(start_date__isnull=True)
        return queryset.filter(bound & matching)

    def filter_country(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(country__in=values)

    def filter_region(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(region__in=values)

    def filter_violation_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        types = term_ids(Vocabulary.VIOLATION_TYPE, values, name)
        return queryset.filter(having(Violation.objects.filter(violation_type__in=types)))

    def filter_perpetrator(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.perpetrators(self.user), values, name, "perpetrator")
        return queryset.filter(
            having(Involvement.objects.filter(perpetrator__in=values), "violation__incident")
        )

    def filter_perpetrator_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        types = term_ids(Vocabulary.PERPETRATOR_TYPE, values, name)
        involved = Involvement.objects.filter(perpetrator__actor_type__in=types)
        return queryset.filter(having(involved, "violation__incident"))

    def filter_state_actor(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        involved = Involvement.objects.filter(perpetrator__is_state_actor=True)
        with_state = having(involved, "violation__incident")
        return queryset.filter(with_state if value else ~with_state)

    def filter_victim(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        victims = visible_victim_ids(self.user, values, name)
        return queryset.filter(having(Violation.objects.filter(victim__in=victims)))

    def filter_victim_group(self, queryset: QuerySet, name: str, text: str) -> QuerySet:
        return few_or_having(queryset, Violation.objects.filter(victim__description__icontains=text))

    def filter_victim_kind(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(having(Violation.objects.filter(victim__kind__in=values)))

    def filter_status(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(status__in=values)

    def filter_source(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(Source.objects.all(), values, name, "source")
        cited = Citation.objects.filter(source__in=values)
        # The few incidents the sources cite come first, as ids: an OR of two subqueries
        # would make PostgreSQL test every incident against both.
        incident_ids = set(
            cited.filter(content_type=ContentType.objects.get_for_model(Incident)).values_list(
                "object_id", flat=True
            )
        )
        violation_ids = cited.filter(content_type=ContentType.objects.get_for_model(Violation)).values(
            "object_id"
        )
        incident_ids.update(
            Violation.objects.filter(pk__in=violation_ids).values_list("incident_id", flat=True)
        )
        return queryset.filter(pk__in=incident_ids)

    def filter_has_response(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        responded = Exists(AdvocacyResponse.incidents.through.objects.filter(incident_id=OuterRef("pk")))
        return queryset.filter(responded if value else ~responded)

    def filter_bbox(self, queryset: QuerySet, name: str, box: tuple[float, ...]) -> QuerySet:
        min_lon, min_lat, max_lon, max_lat = box
        within = Q(latitude__gte=min_lat, latitude__lte=max_lat)
        if min_lon <= max_lon:
            within &= Q(longitude__gte=min_lon, longitude__lte=max_lon)
        else:
            within &= Q(longitude__gte=min_lon) | Q(longitude__lte=max_lon)
        return queryset.filter(within)

    def changed_since(self, moment: datetime) -> Q:
        return Q(updated_at__gt=moment) | Q(violations__updated_at__gt=moment)

    def matching(self, text: str) -> Q:
        """Full text over titles and narratives; names of perpetrators, of victims whose identity
        the caller may see, and victims' pseudonyms; place names."""
        if not text.strip():
            return Q()
        if connection.vendor == "postgresql":
            query = SearchQuery(text, config="english", search_type="websearch")
            found = Incident.objects.annotate(document=INCIDENT_SEARCH_VECTOR).filter(document=query)
            textual = Q(pk__in=found.values("pk"))
        else:
            textual = words_in(("title", "narrative"), text)
        victims = Violation.objects.filter(victim__in=named_victims(self.user, text))
        perpetrators = Involvement.objects.filter(perpetrator__in=named_actors(text))
        return (
            textual
            | Q(place_name__icontains=text.strip())
            | Q(pk__in=victims.values("incident_id"))
            | Q(pk__in=perpetrators.values("violation__incident_id"))
        )


class ViolationFilterSet(RecordFilterSet):
    incident = ids("filter_incident", "Violations within these incidents (ids).")
    victim = victims_param("filter_victim", "Violations these victims suffered")
    violation_type = codes(Vocabulary.VIOLATION_TYPE, "filter_violation_type", "Violations of these types")
    method = codes(Vocabulary.METHOD, "filter_method", "Violations by these methods")
    status = codes(Vocabulary.VIOLATION_STATUS, "filter_status", "Violations with this status")
    perpetrator = ids("filter_perpetrator", "Violations involving these perpetrators (ids).")
    perpetrator_type = codes(
        Vocabulary.PERPETRATOR_TYPE, "filter_perpetrator_type", "Violations by perpetrators of these types"
    )
    state_actor = boolean(
        "filter_state_actor", "true: violations involving a state actor; false: not involving one."
    )
    date_after = single(
        parse_day,
        "filter_date_after",
        "Violations whose date, read at its precision, may be on or after this day.",
        format="date",
    )
    date_before = single(
        parse_day,
        "filter_date_before",
        "Violations whose date, read at its precision, may be on or before this day.",
        format="date",
    )
    country = countries("filter_country", "Violations in incidents in these countries")
    region = regions("filter_region", "Violations in incidents in these subdivisions")

    class Meta:
        model = Violation
        fields = []

    def filter_incident(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.incidents(self.user), values, name, "incident")
        return queryset.filter(incident__in=values)

    def filter_victim(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(victim__in=visible_victim_ids(self.user, values, name))

    def filter_violation_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(violation_type__in=term_ids(Vocabulary.VIOLATION_TYPE, values, name))

    def filter_method(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        methods = term_ids(Vocabulary.METHOD, values, name)
        through = Violation.methods.through.objects.filter(term_id__in=methods)
        return queryset.filter(pk__in=through.values("violation_id"))

    def filter_status(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(status__in=term_ids(Vocabulary.VIOLATION_STATUS, values, name))

    def filter_perpetrator(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.perpetrators(self.user), values, name, "perpetrator")
        return queryset.filter(
            pk__in=Involvement.objects.filter(perpetrator__in=values).values("violation_id")
        )

    def filter_perpetrator_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        types = term_ids(Vocabulary.PERPETRATOR_TYPE, values, name)
        involved = Involvement.objects.filter(perpetrator__actor_type__in=types)
        return queryset.filter(pk__in=involved.values("violation_id"))

    def filter_state_actor(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        with_state = Q(
            pk__in=Involvement.objects.filter(perpetrator__is_state_actor=True).values("violation_id")
        )
        return queryset.filter(with_state if value else ~with_state)

    def filter_date_after(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(may_be_on_or_after("date", "date_precision", day))

    def filter_date_before(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(may_be_on_or_before("date", "date_precision", day))

    def filter_country(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(incident__country__in=values)

    def filter_region(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(incident__region__in=values)

    def changed_since(self, moment: datetime) -> Q:
        return Q(updated_at__gt=moment) | Q(incident__updated_at__gt=moment)

    def matching(self, text: str) -> Q:
        """Consequences, the type's label, and the victim's pseudonym or (where visible) name."""
        if not text.strip():
            return Q()
        return (
            words_in(("consequences", "violation_type__label"), text)
            | Q(victim__in=named_victims(self.user, text))
            | Q(pk__in=Involvement.objects.filter(perpetrator__in=named_actors(text)).values("violation_id"))
        )


class VictimFilterSet(RecordFilterSet):
    kind = listed(choice_parser(VictimKind.values), "filter_kind", "person or group.", enum=VictimKind.values)
    gender = single(text_parser(40), "filter_gender", "Gender, exactly as recorded (case-insensitive).")
    age_range = single(text_parser(20), "filter_age_range", "Age range, exactly as recorded, e.g. 18-25.")
    disclosure = listed(
        choice_parser(Disclosure.values),
        "filter_disclosure",
        "Victims whose identity has this disclosure level.",
        enum=Disclosure.values,
    )
    incident = ids("filter_incident", "Victims of violations within these incidents (ids).")
    violation_type = codes(
        Vocabulary.VIOLATION_TYPE, "filter_violation_type", "Victims of violations of these types"
    )
    country = countries("filter_country", "Victims of incidents in these countries")
    name = single(
        text_parser(),
        "filter_name",
        "Victims whose names hold every word given, in any script. Staff only (a 400 for other "
        "roles), and only among the identities the caller may see.",
    )

    class Meta:
        model = Victim
        fields = []

    def filter_kind(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(kind__in=values)

    def filter_gender(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(gender__iexact=value)

    def filter_age_range(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(age_range=value)

    def filter_disclosure(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(disclosure__in=values)

    def _suffered(self, violations: QuerySet) -> Q:
        return Q(
            pk__in=violations.filter(incident__in=visibility.incidents(self.user).values("pk")).values(
                "victim_id"
            )
        )

    def filter_incident(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.incidents(self.user), values, name, "incident")
        return queryset.filter(self._suffered(Violation.objects.filter(incident__in=values)))

    def filter_violation_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        types = term_ids(Vocabulary.VIOLATION_TYPE, values, name)
        return queryset.filter(self._suffered(Violation.objects.filter(violation_type__in=types)))

    def filter_country(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(self._suffered(Violation.objects.filter(incident__country__in=values)))

    def filter_name(self, queryset: QuerySet, name: str, text: str) -> QuerySet:
        if not visibility.may_query_identities(self.user):
            raise ValidationError({name: ["Filtering victims by identity is not open to your role."]})
        key = normalise_query(text)
        return queryset.filter(policy.identity_visible_q(self.user) & victim_name_q(key))

    def changed_since(self, moment: datetime) -> Q:
        return (
            Q(updated_at__gt=moment)
            | Q(violations__updated_at__gt=moment)
            | Q(violations__incident__updated_at__gt=moment)
        )

    def matching(self, text: str) -> Q:
        """Pseudonym, description, and names where the caller may see the identity."""
        if not text.strip():
            return Q()
        return Q(pk__in=named_victims(self.user, text).values("pk")) | words_in(("description",), text)


class PerpetratorFilterSet(RecordFilterSet):
    kind = listed(
        choice_parser(ActorKind.values),
        "filter_kind",
        "person, group or organisation.",
        enum=ActorKind.values,
    )
    actor_type = codes(Vocabulary.PERPETRATOR_TYPE, "filter_actor_type", "Perpetrators of these types")
    state_actor = boolean("filter_state_actor", "true: state actors only; false: non-state actors only.")
    country = countries("filter_country", "Perpetrators based in these countries")
    parent = ids("filter_parent", "Units of these bodies (ids of actors).")
    incident = ids("filter_incident", "Perpetrators involved in these incidents (ids).")
    violation_type = codes(
        Vocabulary.VIOLATION_TYPE,
        "filter_violation_type",
        "Perpetrators involved in violations of these types",
    )

    class Meta:
        model = Actor
        fields = []

    def filter_kind(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(kind__in=values)

    def filter_actor_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(actor_type__in=term_ids(Vocabulary.PERPETRATOR_TYPE, values, name))

    def filter_state_actor(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(is_state_actor=value)

    def filter_country(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(country__in=values)

    def filter_parent(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(Actor.objects.all(), values, name, "actor")
        return queryset.filter(parent__in=values)

    def _involved(self, violations: QuerySet) -> Q:
        visible = visibility.involvements(self.user).filter(violation__in=violations.values("pk"))
        return Q(pk__in=visible.values("perpetrator_id"))

    def filter_incident(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.incidents(self.user), values, name, "incident")
        return queryset.filter(self._involved(Violation.objects.filter(incident__in=values)))

    def filter_violation_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        types = term_ids(Vocabulary.VIOLATION_TYPE, values, name)
        return queryset.filter(self._involved(Violation.objects.filter(violation_type__in=types)))

    def changed_since(self, moment: datetime) -> Q:
        return (
            Q(updated_at__gt=moment)
            | Q(involvements__violation__updated_at__gt=moment)
            | Q(involvements__violation__incident__updated_at__gt=moment)
        )

    def matching(self, text: str) -> Q:
        """Names and aliases, in any script, and descriptions."""
        if not text.strip():
            return Q()
        return Q(pk__in=named_actors(text).values("pk")) | words_in(("description",), text)


class AdvocacyResponseFilterSet(RecordFilterSet):
    response_type = codes(Vocabulary.INTERVENTION_TYPE, "filter_response_type", "Responses of these types")
    incident = ids("filter_incident", "Responses concerning these incidents (ids).")
    actor = ids("filter_actor", "Responses by these actors (ids).")
    addressee = ids("filter_addressee", "Responses calling on these actors (ids).")
    country = countries("filter_country", "Responses in these countries")
    date_after = single(
        parse_day,
        "filter_date_after",
        "Responses whose date, read at its precision, may be on or after this day.",
        format="date",
    )
    date_before = single(
        parse_day,
        "filter_date_before",
        "Responses whose date, read at its precision, may be on or before this day.",
        format="date",
    )

    class Meta:
        model = AdvocacyResponse
        fields = []

    def filter_response_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(response_type__in=term_ids(Vocabulary.INTERVENTION_TYPE, values, name))

    def filter_incident(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.incidents(self.user), values, name, "incident")
        through = AdvocacyResponse.incidents.through.objects.filter(incident_id__in=values)
        return queryset.filter(pk__in=through.values("advocacyresponse_id"))

    def filter_actor(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(Actor.objects.all(), values, name, "actor")
        through = AdvocacyResponse.actors.through.objects.filter(actor_id__in=values)
        return queryset.filter(pk__in=through.values("advocacyresponse_id"))

    def filter_addressee(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(Actor.objects.all(), values, name, "actor")
        through = AdvocacyResponse.addressees.through.objects.filter(actor_id__in=values)
        return queryset.filter(pk__in=through.values("advocacyresponse_id"))

    def filter_country(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(country__in=values)

    def filter_date_after(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(may_be_on_or_after("date", "date_precision", day))

    def filter_date_before(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(may_be_on_or_before("date", "date_precision", day))

    def changed_since(self, moment: datetime) -> Q:
        return Q(updated_at__gt=moment) | Q(incidents__updated_at__gt=moment)

    def matching(self, text: str) -> Q:
        """Title, description, demands and outcome."""
        if not text.strip():
            return Q()
        return words_in(("title", "description", "demands", "outcome"), text)


class TermFilterSet(RecordFilterSet):
    vocabulary = listed(
        choice_parser(Vocabulary.values),
        "filter_vocabulary",
        "Terms of these vocabularies.",
        enum=Vocabulary.values,
    )
    is_active = boolean("filter_is_active", "true: terms offered for new records; false: retired ones.")

    class Meta:
        model = Term
        fields = []

    def filter_vocabulary(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(vocabulary__in=values)

    def filter_is_active(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(is_active=value)

    def changed_since(self, moment: datetime) -> Q:
        return Q(pk__in=Term.history.filter(history_date__gt=moment).values("id"))

    def matching(self, text: str) -> Q:
        """Code, English and French labels."""
        if not text.strip():
            return Q()
        return Q(code__iexact=text.strip()) | words_in(("label",), text) | words_in(("label_fr",), text)
