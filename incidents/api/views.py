"""The API's incidents, violations, victims, perpetrators, advocacy responses and terms.

Each viewset declares what it shows and how (tracker.api.viewsets.RecordViewSet does the rest);
`prefetch` loads everything the serializer nests, so a page costs the same number of queries
whatever its length (pinned by tracker/tests/test_api_queries.py).
"""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from incidents.api import filters, serializers
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from sources.models import Citation
from tracker.api import visibility
from tracker.api.prefetch import prefetched
from tracker.api.renderers import GeoJSONRenderer, csv_lines, geojson_lines
from tracker.api.viewsets import RecordViewSet


def _no_identities(queryset: QuerySet, victim: str = "victim") -> QuerySet:
    """Leave out the identity of victims linked to, not shown: nothing to decrypt (links show
    the pseudonym), and nothing to leak."""
    return queryset.defer(*(f"{victim}__{field}" for field in Victim.IDENTITY_FIELDS))


def _citations(user) -> list[Prefetch]:
    """The records' citations, for callers cleared to read them (the rest are shown none)."""
    if not visibility.archived_text_visible(user):
        return []
    # A citation shows its source as a link: the title, not the archived text (pages of it).
    citations = Citation.objects.select_related("source")
    return [
        prefetched(
            "citations",
            citations.only("content_type", "object_id", "quote", "start", "end", "note", "source__title"),
        )
    ]


@extend_schema_view(
    list=extend_schema(
        description="Incidents the caller may see. `?format=csv` and `?format=geojson` stream the whole "
        "filtered list (no pages); see docs/api.md for the columns."
    )
)
class IncidentViewSet(RecordViewSet):
    """Something that happened at a place over a span of time (ESF event)."""

    queryset = Incident.objects.all()
    serializer_class = serializers.IncidentSerializer
    brief_serializer_class = serializers.IncidentBriefSerializer
    filterset_class = filters.IncidentFilterSet
    renderer_classes = [*RecordViewSet.renderer_classes, GeoJSONRenderer]
    csv_columns = serializers.INCIDENT_COLUMNS
    ordering = ("-start_date", "title")
    ordering_fields = ("start_date", "end_date", "title", "created_at", "updated_at")

    def visible(self, user) -> QuerySet:
        return visibility.incidents(user)

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        # What an incident links to is read as rows by the serializer (incidents.api.nesting).
        return queryset if brief else queryset.prefetch_related(*_citations(self.request.user))

    def export_lines(self, export_format: str, records, context: dict):
        if export_format == GeoJSONRenderer.format:
            return geojson_lines(records, self.csv_columns, context, point=_point)
        return csv_lines(records, self.csv_columns, context)


def _point(incident: Incident) -> tuple | None:
    if incident.latitude is None or incident.longitude is None:
        return None
    return (incident.longitude, incident.latitude)


class ViolationViewSet(RecordViewSet):
    """One victim suffered one type of violation within one incident (ESF act)."""

    queryset = Violation.objects.all()
    serializer_class = serializers.ViolationSerializer
    brief_serializer_class = serializers.ViolationBriefSerializer
    filterset_class = filters.ViolationFilterSet
    csv_columns = serializers.VIOLATION_COLUMNS
    ordering = ("-date", "pk")
    ordering_fields = ("date", "updated_at")

    def visible(self, user) -> QuerySet:
        return visibility.violations(user)

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        queryset = _no_identities(queryset.select_related("violation_type", "victim"))
        if brief:
            return queryset
        return queryset.select_related("incident", "status", "victim_status").prefetch_related(
            prefetched("methods"),
            prefetched("involvements", Involvement.objects.select_related("perpetrator", "degree")),
            *_citations(self.request.user),
        )


class VictimViewSet(RecordViewSet):
    """A person, or a group counted as a whole, who suffered violations. The identity fields
    carry the identity only where the victim's disclosure level allows the caller's role;
    otherwise they read "[withheld]"."""

    queryset = Victim.objects.all()
    serializer_class = serializers.VictimSerializer
    brief_serializer_class = serializers.VictimBriefSerializer
    filterset_class = filters.VictimFilterSet
    csv_columns = serializers.VICTIM_COLUMNS
    ordering = ("pseudonym",)
    # Never a name: ordering by it would let a caller bisect withheld names.
    ordering_fields = ("pseudonym", "count", "created_at", "updated_at")

    def visible(self, user) -> QuerySet:
        return visibility.victims(user)

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        if brief:
            return queryset
        # Its violations are read as rows by the serializer (incidents.api.nesting).
        return queryset.prefetch_related(*_citations(self.request.user))


class PerpetratorViewSet(RecordViewSet):
    """A person, group or organisation involved as perpetrator in violations the caller may see."""

    queryset = Actor.objects.all()
    serializer_class = serializers.PerpetratorSerializer
    brief_serializer_class = serializers.PerpetratorBriefSerializer
    filterset_class = filters.PerpetratorFilterSet
    csv_columns = serializers.PERPETRATOR_COLUMNS
    ordering = ("name",)
    ordering_fields = ("name", "created_at", "updated_at")

    def visible(self, user) -> QuerySet:
        return visibility.perpetrators(user)

    @property
    def summarising(self) -> bool:
        return self.action == "list" and not self.brief and not self.exporting

    def get_serializer_class(self):
        return serializers.PerpetratorListSerializer if self.summarising else super().get_serializer_class()

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        if brief:
            return queryset
        if self.summarising:
            return (
                queryset.select_related("actor_type", "parent")
                .annotate(violation_count=visibility.violation_count(self.request.user))
                .prefetch_related(*_citations(self.request.user))
            )
        involvements = _no_identities(
            visibility.involvements(self.request.user).select_related(
                "violation__violation_type", "violation__victim", "violation__incident", "degree"
            ),
            "violation__victim",
        )
        return queryset.select_related("actor_type", "parent").prefetch_related(
            prefetched("involvements", involvements), *_citations(self.request.user)
        )


class AdvocacyResponseViewSet(RecordViewSet):
    """What someone did about incidents (ESF intervention)."""

    queryset = AdvocacyResponse.objects.all()
    serializer_class = serializers.AdvocacyResponseSerializer
    brief_serializer_class = serializers.AdvocacyResponseBriefSerializer
    filterset_class = filters.AdvocacyResponseFilterSet
    csv_columns = serializers.RESPONSE_COLUMNS
    ordering = ("-date", "title")
    ordering_fields = ("date", "title", "updated_at")

    def visible(self, user) -> QuerySet:
        return visibility.advocacy_responses(user)

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        if brief:
            return queryset
        return queryset.select_related("response_type").prefetch_related(
            prefetched("incidents", visibility.incidents(self.request.user).only("pk", "title")),
            prefetched("actors"),
            prefetched("addressees"),
            *_citations(self.request.user),
        )


class TermViewSet(RecordViewSet):
    """Vocabulary terms: the codes that filters and writes take. Edited in the admin only."""

    http_method_names = ["get", "head", "options"]
    queryset = Term.objects.all()
    serializer_class = serializers.TermSerializer
    brief_serializer_class = serializers.TermSerializer
    filterset_class = filters.TermFilterSet
    csv_columns = serializers.TERM_COLUMNS
    ordering = ("vocabulary", "code")
    ordering_fields = ("vocabulary", "code", "label")

    def visible(self, user) -> QuerySet:
        return Term.objects.all()

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        return queryset.select_related("parent")
