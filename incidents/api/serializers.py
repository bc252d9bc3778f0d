"""Incidents, violations, victims, perpetrators and advocacy responses, as the API shows them.

Each resource has a full serializer, a brief one (`?brief=1`: id, url, display) and its CSV
columns. A victim's identity fields come from tracker.policy.identity(), so a withheld
identity is never even read into the response; citations (quotes and their offsets, which
locate names in public articles) only for callers tracker.api.visibility clears for them.
"""

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incidents.api import nesting
from incidents.choices import Vocabulary
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from tracker import policy
from tracker.api import visibility
from tracker.api.prefetch import NestingListSerializer, RelatedListSerializer, related
from tracker.api.renderers import Column
from tracker.api.serializers import (
    LINK_SCHEMA,
    LinkSerializer,
    RecordLink,
    SelfLink,
    TermField,
    ValidatedModelSerializer,
    link,
    record_columns,
)

LINKS_SCHEMA = {"type": "array", "items": LINK_SCHEMA}


def _user(serializer):
    return serializer.context["request"].user


def _all_actors(user):
    return Actor.objects.all()


class CitationSerializer(serializers.Serializer):
    source = RecordLink(view_name="source-detail", noun="source")
    quote = serializers.CharField(read_only=True)
    start = serializers.IntegerField(read_only=True, allow_null=True)
    end = serializers.IntegerField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)


class CitationsField(RelatedListSerializer):
    """The passages that support a record: only for callers cleared to read archived texts."""

    def __init__(self, **kwargs) -> None:
        super().__init__(child=CitationSerializer(), read_only=True, **kwargs)

    def get_attribute(self, instance) -> list:
        # Decided before reading: views load citations only for callers cleared for them.
        if not visibility.archived_text_visible(self.context["request"].user):
            return []
        return super().get_attribute(instance)

    def to_representation(self, citations) -> list:
        if not visibility.archived_text_visible(self.context["request"].user):
            return []
        return super().to_representation(citations)


def citations_field() -> CitationsField:
    return CitationsField(
        help_text="The source passages that support the record, with their offsets in the archived text. "
        "Empty for roles not cleared to read archived texts (partners, auditors)."
    )


# --- Incidents -----------------------------------------------------------------------------------


class IncidentViolationSerializer(serializers.ModelSerializer):
    """The shape of an incident's violations, for the schema; IncidentSerializer.get_violations
    writes it out directly (100 of them on a page of incidents: DRF's fields cost too much)."""

    url = SelfLink("violation-detail")
    display = serializers.CharField(source="*", read_only=True)
    violation_type = TermField(vocabulary=Vocabulary.VIOLATION_TYPE, read_only=True)
    victim = RecordLink(view_name="victim-detail", noun="victim")

    class Meta:
        model = Violation
        fields = ["id", "url", "display", "violation_type", "victim"]
        list_serializer_class = RelatedListSerializer


class IncidentSerializer(ValidatedModelSerializer):
    """Something that happened at a place over a span of time (ESF event)."""

    url = SelfLink("incident-detail")
    display = serializers.CharField(source="*", read_only=True)
    country_name = serializers.CharField(read_only=True)
    region_name = serializers.CharField(read_only=True)
    violations = serializers.SerializerMethodField()
    perpetrators = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    responses = serializers.SerializerMethodField()
    citations = citations_field()

    class Meta:
        model = Incident
        fields = [
            "id",
            "url",
            "display",
            "title",
            "narrative",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "date_basis",
            "is_ongoing",
            "country",
            "country_name",
            "region",
            "region_name",
            "place_name",
            "latitude",
            "longitude",
            "status",
            "disclosure",
            "violations",
            "perpetrators",
            "sources",
            "responses",
            "citations",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"disclosure": {"help_text": "Confidentiality: who may see this incident at all."}}
        list_serializer_class = NestingListSerializer

    # Violations, perpetrators, sources and responses are rows (incidents.api.nesting), read
    # once per page; a record shown alone reads its own.
    def nest(self, incidents: list[Incident]) -> None:
        nesting.incident_links(incidents)

    def to_representation(self, incident: Incident) -> dict:
        self.nest([incident])
        return super().to_representation(incident)

    def _links(self, incident: Incident, relation: str, view_name: str) -> list[dict]:
        request = self.context["request"]
        return [link(request, view_name, row.pk, row.display) for row in related(incident, relation)]

    @extend_schema_field(IncidentViolationSerializer(many=True))
    def get_violations(self, incident: Incident) -> list[dict]:
        request = self.context["request"]
        return [
            {
                **link(request, "violation-detail", violation.pk, violation.display),
                "violation_type": {"code": violation.type_code, "label": violation.type_label},
                "victim": link(request, "victim-detail", violation.victim_id, violation.victim_pseudonym),
            }
            for violation in related(incident, "violations")
        ]

    @extend_schema_field(LINKS_SCHEMA)
    def get_responses(self, incident: Incident) -> list[dict]:
        return self._links(incident, "responses", "advocacyresponse-detail")

    @extend_schema_field(LINKS_SCHEMA)
    def get_perpetrators(self, incident: Incident) -> list[dict]:
        return self._links(incident, "perpetrators", "perpetrator-detail")

    @extend_schema_field(LINKS_SCHEMA)
    def get_sources(self, incident: Incident) -> list[dict]:
        return self._links(incident, "sources", "source-detail")


class IncidentBriefSerializer(LinkSerializer):
    view_name = "incident-detail"


INCIDENT_COLUMNS = [
    *record_columns("incident", "incident-detail"),
    Column("title", "Title.", lambda i, c: i.title),
    Column("start_date", "Start date (YYYY-MM-DD), read at start_date_precision.", lambda i, c: i.start_date),
    Column("start_date_precision", "day, month, year or approximate.", lambda i, c: i.start_date_precision),
    Column("end_date", "End date, if any.", lambda i, c: i.end_date),
    Column("end_date_precision", "day, month, year or approximate.", lambda i, c: i.end_date_precision),
    Column("is_ongoing", "true if still going on.", lambda i, c: i.is_ongoing),
    Column("country", "ISO 3166-1 alpha-2 code.", lambda i, c: i.country),
    Column("country_name", "Country name.", lambda i, c: i.country_name),
    Column("region", "ISO 3166-2 subdivision code.", lambda i, c: i.region),
    Column("region_name", "Subdivision name.", lambda i, c: i.region_name),
    Column("place_name", "Place.", lambda i, c: i.place_name),
    Column("latitude", "WGS 84 latitude.", lambda i, c: i.latitude),
    Column("longitude", "WGS 84 longitude.", lambda i, c: i.longitude),
    Column("status", "reported, corroborated, verified or disputed.", lambda i, c: i.status),
    Column(
        "violation_types",
        "Codes of its violations' types, ';'-separated.",
        lambda i, c: sorted({v.type_code for v in related(i, "violations")}),
    ),
    Column(
        "violation_type_labels",
        "Labels of those types.",
        lambda i, c: sorted({v.type_label for v in related(i, "violations")}),
    ),
    Column("violation_count", "How many violations.", lambda i, c: len(related(i, "violations"))),
    Column(
        "victims",
        "Victims' pseudonyms, ';'-separated.",
        lambda i, c: sorted({v.victim_pseudonym for v in related(i, "violations")}),
    ),
    Column(
        "perpetrators", "Perpetrators' names.", lambda i, c: [a.display for a in related(i, "perpetrators")]
    ),
    Column("perpetrator_ids", "Perpetrators' ids.", lambda i, c: [a.pk for a in related(i, "perpetrators")]),
    Column("source_ids", "Ids of the sources cited.", lambda i, c: [s.pk for s in related(i, "sources")]),
    Column(
        "response_ids", "Ids of its advocacy responses.", lambda i, c: [r.pk for r in related(i, "responses")]
    ),
    Column("narrative", "Narrative.", lambda i, c: i.narrative),
    Column("created_at", "When it was recorded.", lambda i, c: i.created_at),
    Column("updated_at", "When it last changed.", lambda i, c: i.updated_at),
]


# --- Violations ----------------------------------------------------------------------------------


class InvolvementSerializer(serializers.ModelSerializer):
    """A perpetrator's part in a violation."""

    perpetrator = RecordLink(
        view_name="perpetrator-detail", visible=visibility.perpetrators, noun="perpetrator"
    )
    degree = TermField(vocabulary=Vocabulary.INVOLVEMENT_DEGREE)

    class Meta:
        model = Involvement
        fields = ["perpetrator", "degree", "notes"]
        list_serializer_class = RelatedListSerializer


class ViolationSerializer(ValidatedModelSerializer):
    """One victim suffered one type of violation within one incident (ESF act)."""

    url = SelfLink("violation-detail")
    display = serializers.CharField(source="*", read_only=True)
    incident = RecordLink(view_name="incident-detail", visible=visibility.incidents, noun="incident")
    victim = RecordLink(view_name="victim-detail", visible=visibility.victims, noun="victim")
    violation_type = TermField(vocabulary=Vocabulary.VIOLATION_TYPE)
    methods = TermField(vocabulary=Vocabulary.METHOD, many=True, required=False)
    status = TermField(vocabulary=Vocabulary.VIOLATION_STATUS, required=False, allow_null=True)
    victim_status = TermField(vocabulary=Vocabulary.VICTIM_STATUS, required=False, allow_null=True)
    involvements = InvolvementSerializer(
        many=True,
        required=False,
        help_text="The perpetrators' parts in it. Writing the list replaces the violation's involvements.",
    )
    citations = citations_field()

    class Meta:
        model = Violation
        fields = [
            "id",
            "url",
            "display",
            "incident",
            "victim",
            "violation_type",
            "methods",
            "status",
            "date",
            "date_precision",
            "date_basis",
            "consequences",
            "victim_age",
            "victim_status",
            "involvements",
            "citations",
            "updated_at",
        ]

    def validate_involvements(self, involvements: list[dict]) -> list[dict]:
        seen = set()
        for involvement in involvements:
            key = (involvement["perpetrator"].pk, involvement["degree"].pk)
            if key in seen:
                raise serializers.ValidationError("The same perpetrator and degree appear twice.")
            seen.add(key)
        return involvements

    def create(self, validated_data: dict) -> Violation:
        involvements = validated_data.pop("involvements", [])
        with transaction.atomic():
            violation = super().create(validated_data)
            self._write_involvements(violation, involvements)
        return violation

    def update(self, violation: Violation, validated_data: dict) -> Violation:
        involvements = validated_data.pop("involvements", None)
        with transaction.atomic():
            violation = super().update(violation, validated_data)
            if involvements is not None:
                violation.involvements.all().delete()
                self._write_involvements(violation, involvements)
        return violation

    @staticmethod
    def _write_involvements(violation: Violation, involvements: list[dict]) -> None:
        for fields in involvements:
            involvement = Involvement(violation=violation, **fields)
            involvement.full_clean()
            involvement.save()


class ViolationBriefSerializer(LinkSerializer):
    view_name = "violation-detail"


VIOLATION_COLUMNS = [
    *record_columns("violation", "violation-detail"),
    Column("incident_id", "The incident it belongs to.", lambda v, c: v.incident_id),
    Column("incident_title", "That incident's title.", lambda v, c: v.incident.title),
    Column("victim_id", "The victim's id.", lambda v, c: v.victim_id),
    Column("victim_pseudonym", "The victim's pseudonym.", lambda v, c: v.victim.pseudonym),
    Column("violation_type", "Code of the type of violation.", lambda v, c: v.violation_type.code),
    Column("violation_type_label", "Its label.", lambda v, c: v.violation_type.label),
    Column(
        "methods",
        "Codes of the methods, ';'-separated.",
        lambda v, c: [m.code for m in related(v, "methods")],
    ),
    Column("status", "Code of the violation's status.", lambda v, c: v.status.code if v.status else None),
    Column("date", "Date, read at date_precision.", lambda v, c: v.date),
    Column("date_precision", "day, month, year or approximate.", lambda v, c: v.date_precision),
    Column("victim_age", "The victim's age at the time.", lambda v, c: v.victim_age),
    Column(
        "victim_status",
        "Code of the victim's status at the time.",
        lambda v, c: v.victim_status.code if v.victim_status else None,
    ),
    Column(
        "perpetrator_ids",
        "Ids of the perpetrators involved.",
        lambda v, c: [i.perpetrator_id for i in related(v, "involvements")],
    ),
    Column(
        "perpetrators", "Their names.", lambda v, c: [i.perpetrator.name for i in related(v, "involvements")]
    ),
    Column(
        "involvement_degrees",
        "Codes of their degrees of involvement, in the same order.",
        lambda v, c: [i.degree.code for i in related(v, "involvements")],
    ),
    Column("consequences", "Consequences.", lambda v, c: v.consequences),
    Column("updated_at", "When it last changed.", lambda v, c: v.updated_at),
]


# --- Victims -------------------------------------------------------------------------------------


class IdentityField(serializers.CharField):
    """One identity field, read through tracker.policy: the value, or "[withheld]"."""

    def get_attribute(self, victim: Victim) -> str:
        return identity_of(self.context["request"].user, victim)[self.source]


def identity_of(user, victim: Victim) -> dict[str, str]:
    """policy.identity(), asked once per victim and response rather than once per field."""
    if getattr(victim, "_shown_identity", None) is None:
        victim._shown_identity = policy.identity(user, victim)
    return victim._shown_identity


class VictimViolationSerializer(serializers.ModelSerializer):
    """The shape of a victim's violations, for the schema; VictimSerializer.get_violations
    writes it out directly, as IncidentSerializer does."""

    url = SelfLink("violation-detail")
    display = serializers.CharField(source="*", read_only=True)
    incident = RecordLink(view_name="incident-detail", noun="incident")

    class Meta:
        model = Violation
        fields = ["id", "url", "display", "incident"]
        list_serializer_class = RelatedListSerializer


class VictimSerializer(ValidatedModelSerializer):
    """A person, or a group counted as a whole. The identity fields (name, other_names,
    contact_details, identifying_details) read "[withheld]" unless the victim's disclosure level
    allows the caller's role to see them."""

    url = SelfLink("victim-detail")
    display = serializers.CharField(source="pseudonym", read_only=True)
    identity_visible = serializers.SerializerMethodField(
        help_text='Whether the identity fields below carry the identity, or "[withheld]".'
    )
    name = IdentityField(required=False, allow_blank=True, max_length=200)
    other_names = IdentityField(required=False, allow_blank=True)
    contact_details = IdentityField(required=False, allow_blank=True)
    identifying_details = IdentityField(required=False, allow_blank=True)
    violations = serializers.SerializerMethodField()
    citations = serializers.SerializerMethodField()

    class Meta:
        model = Victim
        fields = [
            "id",
            "url",
            "display",
            "pseudonym",
            "kind",
            "description",
            "count",
            "count_qualifier",
            "gender",
            "age_range",
            "disclosure",
            "identity_visible",
            "name",
            "other_names",
            "contact_details",
            "identifying_details",
            "violations",
            "citations",
            "created_at",
            "updated_at",
        ]
        list_serializer_class = NestingListSerializer

    def get_identity_visible(self, victim: Victim) -> bool:
        return policy.may_see_identity(_user(self), victim)

    # Its violations are rows (incidents.api.nesting), read once per page.
    def nest(self, victims: list[Victim]) -> None:
        nesting.victim_links(victims, _user(self))

    def to_representation(self, victim: Victim) -> dict:
        self.nest([victim])
        return super().to_representation(victim)

    @extend_schema_field(VictimViolationSerializer(many=True))
    def get_violations(self, victim: Victim) -> list[dict]:
        request = self.context["request"]
        return [
            {
                **link(request, "violation-detail", violation.pk, violation.display),
                "incident": link(request, "incident-detail", violation.incident_id, violation.incident_title),
            }
            for violation in related(victim, "violations")
        ]

    @extend_schema_field(CitationSerializer(many=True))
    def get_citations(self, victim: Victim) -> list[dict]:
        # A passage about a victim names them: shown only with the identity itself.
        user = _user(self)
        if not (visibility.archived_text_visible(user) and policy.may_see_identity(user, victim)):
            return []
        field = citations_field()
        field.bind("citations", self)
        return field.to_representation(related(victim, "citations"))

    def validate(self, attrs: dict) -> dict:
        victim = self.instance
        if victim is not None and not policy.may_see_identity(_user(self), victim):
            # Its identity is withheld from this caller: a form sent back unchanged carries
            # "[withheld]", which must not overwrite it, and nothing else may replace it blind.
            for field in Victim.IDENTITY_FIELDS:
                if attrs.get(field) == policy.WITHHELD:
                    attrs.pop(field)
            blind = [field for field in (*Victim.IDENTITY_FIELDS, "disclosure") if field in attrs]
            if blind:
                raise serializers.ValidationError(
                    {field: ["You may not change this victim's identity or disclosure."] for field in blind}
                )
        for field in Victim.IDENTITY_FIELDS:
            if attrs.get(field) == policy.WITHHELD:
                raise serializers.ValidationError({field: [f"{policy.WITHHELD!r} is not a value."]})
        return super().validate(attrs)


class VictimBriefSerializer(LinkSerializer):
    view_name = "victim-detail"

    def get_display(self, victim: Victim) -> str:
        return victim.pseudonym


def _identity(field: str):
    return lambda victim, context: identity_of(context["user"], victim)[field]


VICTIM_COLUMNS = [
    *record_columns("victim", "victim-detail"),
    Column("pseudonym", "Public pseudonym, e.g. V-7K2M9Q.", lambda v, c: v.pseudonym),
    Column("kind", "person or group.", lambda v, c: v.kind),
    Column("description", "Non-identifying description.", lambda v, c: v.description),
    Column("count", "For a group: how many people.", lambda v, c: v.count),
    Column("count_qualifier", "exact, at_least, approximately or at_most.", lambda v, c: v.count_qualifier),
    Column("gender", "Gender.", lambda v, c: v.gender),
    Column("age_range", "Age range, e.g. 18-25.", lambda v, c: v.age_range),
    Column(
        "disclosure",
        "Who may see the identity: public, partners, staff, restricted.",
        lambda v, c: v.disclosure,
    ),
    Column(
        "identity_visible",
        "true if the four identity columns carry the identity.",
        lambda v, c: policy.may_see_identity(c["user"], v),
    ),
    Column("name", 'Name, or "[withheld]".', _identity("name")),
    Column("other_names", 'Other names, or "[withheld]".', _identity("other_names")),
    Column("contact_details", 'Contact details, or "[withheld]".', _identity("contact_details")),
    Column("identifying_details", 'Identifying details, or "[withheld]".', _identity("identifying_details")),
    Column(
        "violation_ids",
        "Ids of the violations they suffered.",
        lambda v, c: [x.pk for x in related(v, "violations")],
    ),
    Column(
        "incident_ids",
        "Ids of those violations' incidents.",
        lambda v, c: sorted({x.incident_id for x in related(v, "violations")}),
    ),
    Column("updated_at", "When it last changed.", lambda v, c: v.updated_at),
]


# --- Perpetrators --------------------------------------------------------------------------------


class PerpetratorInvolvementSerializer(serializers.ModelSerializer):
    violation = RecordLink(view_name="violation-detail", noun="violation")
    incident = RecordLink(source="violation.incident", view_name="incident-detail", noun="incident")
    degree = TermField(vocabulary=Vocabulary.INVOLVEMENT_DEGREE, read_only=True)

    class Meta:
        model = Involvement
        fields = ["violation", "incident", "degree", "notes"]
        list_serializer_class = RelatedListSerializer


class PerpetratorSerializer(ValidatedModelSerializer):
    """A person, group or organisation held responsible for violations."""

    url = SelfLink("perpetrator-detail")
    display = serializers.CharField(source="*", read_only=True)
    actor_type = TermField(vocabulary=Vocabulary.PERPETRATOR_TYPE, required=False, allow_null=True)
    parent = RecordLink(
        view_name=None,
        visible=_all_actors,
        noun="actor",
        required=False,
        allow_null=True,
        help_text="The body it belongs to (a police unit belongs to a ministry).",
    )
    involvements = PerpetratorInvolvementSerializer(many=True, read_only=True)
    citations = citations_field()

    class Meta:
        model = Actor
        fields = [
            "id",
            "url",
            "display",
            "name",
            "aliases",
            "kind",
            "actor_type",
            "is_state_actor",
            "parent",
            "country",
            "description",
            "involvements",
            "citations",
            "created_at",
            "updated_at",
        ]


class PerpetratorListSerializer(PerpetratorSerializer):
    """A perpetrator in a list: its violations counted and linked rather than nested, since a
    ministry may be involved in thousands; the record's own page lists its involvements."""

    violation_count = serializers.IntegerField(
        read_only=True, help_text="How many violations the caller may see that it is involved in."
    )
    violations = serializers.SerializerMethodField(
        help_text="Those violations: the violations list filtered by this perpetrator."
    )

    class Meta(PerpetratorSerializer.Meta):
        fields = [
            *(field for field in PerpetratorSerializer.Meta.fields if field != "involvements"),
            "violation_count",
            "violations",
        ]

    def get_violations(self, actor: Actor) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(f"{reverse('violation-list')}?perpetrator={actor.pk}")


class PerpetratorBriefSerializer(LinkSerializer):
    view_name = "perpetrator-detail"


PERPETRATOR_COLUMNS = [
    *record_columns("perpetrator", "perpetrator-detail"),
    Column("name", "Name.", lambda a, c: a.name),
    Column("aliases", "Other names, ';'-separated.", lambda a, c: a.aliases.splitlines()),
    Column("kind", "person, group or organisation.", lambda a, c: a.kind),
    Column(
        "actor_type",
        "Code of its perpetrator type.",
        lambda a, c: a.actor_type.code if a.actor_type else None,
    ),
    Column(
        "actor_type_label", "Label of that type.", lambda a, c: a.actor_type.label if a.actor_type else None
    ),
    Column("is_state_actor", "true if it acts for a state.", lambda a, c: a.is_state_actor),
    Column("parent_id", "Id of the body it belongs to.", lambda a, c: a.parent_id),
    Column("parent_name", "Name of that body.", lambda a, c: a.parent.name if a.parent else None),
    Column("country", "ISO 3166-1 alpha-2 code.", lambda a, c: a.country),
    Column(
        "violation_ids",
        "Ids of the violations it is involved in.",
        lambda a, c: [i.violation_id for i in related(a, "involvements")],
    ),
    Column(
        "incident_ids",
        "Ids of those violations' incidents.",
        lambda a, c: sorted({i.violation.incident_id for i in related(a, "involvements")}),
    ),
    Column("updated_at", "When it last changed.", lambda a, c: a.updated_at),
]


# --- Advocacy responses --------------------------------------------------------------------------


class AdvocacyResponseSerializer(ValidatedModelSerializer):
    """What someone did about incidents (ESF intervention)."""

    url = SelfLink("advocacyresponse-detail")
    display = serializers.CharField(source="*", read_only=True)
    response_type = TermField(vocabulary=Vocabulary.INTERVENTION_TYPE)
    incidents = RecordLink(
        view_name="incident-detail", visible=visibility.incidents, noun="incident", many=True, required=False
    )
    actors = RecordLink(
        view_name=None, visible=_all_actors, noun="actor", many=True, required=False, help_text="Who did it."
    )
    addressees = RecordLink(
        view_name=None,
        visible=_all_actors,
        noun="actor",
        many=True,
        required=False,
        help_text="On whom it called.",
    )
    citations = citations_field()

    class Meta:
        model = AdvocacyResponse
        fields = [
            "id",
            "url",
            "display",
            "title",
            "response_type",
            "date",
            "date_precision",
            "date_basis",
            "incidents",
            "actors",
            "addressees",
            "demands",
            "outcome",
            "description",
            "country",
            "place_name",
            "citations",
            "updated_at",
        ]


class AdvocacyResponseBriefSerializer(LinkSerializer):
    view_name = "advocacyresponse-detail"


RESPONSE_COLUMNS = [
    *record_columns("response", "advocacyresponse-detail"),
    Column("title", "Title.", lambda r, c: r.title),
    Column("response_type", "Code of the type of response.", lambda r, c: r.response_type.code),
    Column("response_type_label", "Its label.", lambda r, c: r.response_type.label),
    Column("date", "Date, read at date_precision.", lambda r, c: r.date),
    Column("date_precision", "day, month, year or approximate.", lambda r, c: r.date_precision),
    Column(
        "incident_ids",
        "Ids of the incidents it concerns.",
        lambda r, c: [i.pk for i in related(r, "incidents")],
    ),
    Column("actors", "Who did it (names).", lambda r, c: [a.name for a in related(r, "actors")]),
    Column(
        "addressees", "On whom it called (names).", lambda r, c: [a.name for a in related(r, "addressees")]
    ),
    Column("demands", "What it asked for.", lambda r, c: r.demands),
    Column("outcome", "What came of it.", lambda r, c: r.outcome),
    Column("country", "ISO 3166-1 alpha-2 code.", lambda r, c: r.country),
    Column("place_name", "Place.", lambda r, c: r.place_name),
    Column("updated_at", "When it last changed.", lambda r, c: r.updated_at),
]


# --- Vocabulary terms ----------------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer):
    """A term of a controlled vocabulary (HURIDOCS micro-thesauri, plus TRK- codes of our own)."""

    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Code of the broader term."
    )

    class Meta:
        model = Term
        fields = ["id", "vocabulary", "code", "label", "label_fr", "parent", "is_active"]


TERM_COLUMNS = [
    Column("id", "The term's id.", lambda t, c: t.pk),
    Column("vocabulary", "The vocabulary it belongs to.", lambda t, c: t.vocabulary),
    Column("code", "Its stable code: what filters and writes take.", lambda t, c: t.code),
    Column("label", "English label.", lambda t, c: t.label),
    Column("label_fr", "French label.", lambda t, c: t.label_fr),
    Column("parent", "Code of the broader term.", lambda t, c: t.parent.code if t.parent else None),
    Column("is_active", "false for retired terms.", lambda t, c: t.is_active),
]
