"""`/api/v1/withdrawals/`: what a partner's copy should drop since its last pull.

A record is withdrawn from a caller when it was deleted, or when it stopped being visible to
them (its incident was made confidential, say). Both are read from django-simple-history's
records, so nothing extra is written when records change. The answer never says which of the
two happened, and never names a record the caller could not have seen: only records that were
once tied to an incident visible to the caller (or, for sources, that exist no more) appear.

Sync recipe: pull each list with `updated_after=T`, then this list with the same T, drop what it
names, and remember the time the pull began as the next T.
"""

from datetime import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Victim, Violation
from sources.models import Source
from tracker import policy
from tracker.api import visibility
from tracker.api.filters import parse_moment
from tracker.api.renderers import Column, CSVRenderer, csv_lines
from tracker.api.viewsets import JSONErrorsMixin, check_parameters

RESOURCES = ("incidents", "violations", "victims", "perpetrators", "advocacy-responses", "sources")
COLUMNS = [
    Column(
        "resource", "The list the record was in: incidents, violations, ….", lambda row, c: row["resource"]
    ),
    Column("id", "The record's id in that list.", lambda row, c: row["id"]),
]


class WithdrawalSerializer(serializers.Serializer):
    resource = serializers.ChoiceField(choices=RESOURCES, help_text="The list the record was in.")
    id = serializers.IntegerField(help_text="The record's id in that list.")


class WithdrawalListSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="Always null: the list comes whole.")
    previous = serializers.URLField(allow_null=True, help_text="Always null.")
    results = WithdrawalSerializer(many=True)


class Withdrawals:
    """The ids withdrawn from one caller since a moment (or ever, without one)."""

    def __init__(self, user, since: datetime | None) -> None:
        self.user, self.since = user, since
        self.incident_history = Incident.history.model.objects
        self.violation_history = Violation.history.model.objects
        # Incidents that the caller could see in at least one of their versions.
        self.once_visible_incidents = self.incident_history.filter(policy.incident_visible_q(user)).values(
            "id"
        )

    def changed(self, history: QuerySet) -> QuerySet:
        return history if self.since is None else history.filter(history_date__gt=self.since)

    def related_violations(self) -> QuerySet:
        """Versions of violations that changed, or whose incident changed, in the window."""
        changed_incidents = self.changed(self.incident_history.all()).values("id")
        return self.violation_history.filter(
            Q(pk__in=self.changed(self.violation_history.all()).values("pk"))
            | Q(incident_id__in=changed_incidents)
        )

    def once_visible_violations(self) -> QuerySet:
        return self.violation_history.filter(incident_id__in=self.once_visible_incidents)

    def incidents(self) -> QuerySet:
        return (
            self.changed(self.incident_history.all())
            .filter(id__in=self.once_visible_incidents)
            .exclude(id__in=visibility.incidents(self.user).values("pk"))
            .values_list("id", flat=True)
        )

    def violations(self) -> QuerySet:
        return (
            self.related_violations()
            .filter(incident_id__in=self.once_visible_incidents)
            .exclude(id__in=visibility.violations(self.user).values("pk"))
            .values_list("id", flat=True)
        )

    def victims(self) -> QuerySet:
        changed_victims = self.changed(Victim.history.model.objects.all()).values("id")
        return (
            self.once_visible_violations()
            .filter(Q(victim_id__in=changed_victims) | Q(pk__in=self.related_violations().values("pk")))
            .exclude(victim_id__in=visibility.victims(self.user).values("pk"))
            .values_list("victim_id", flat=True)
        )

    def perpetrators(self) -> QuerySet:
        involvement_history = Involvement.history.model.objects
        changed_actors = self.changed(Actor.history.model.objects.all()).values("id")
        related = Q(pk__in=self.changed(involvement_history.all()).values("pk")) | Q(
            violation_id__in=self.related_violations().values("id")
        )
        return (
            involvement_history.filter(violation_id__in=self.once_visible_violations().values("id"))
            .filter(Q(perpetrator_id__in=changed_actors) | related)
            .exclude(perpetrator_id__in=visibility.perpetrators(self.user).values("pk"))
            .values_list("perpetrator_id", flat=True)
        )

    def advocacy_responses(self) -> QuerySet:
        # Responses keep no history of their links: "once visible" is read from today's links
        # (none, or one to an incident the caller could once see).
        changed_incidents = self.changed(self.incident_history.all()).values("id")
        through = AdvocacyResponse.incidents.through.objects
        linked_to_changed = through.filter(incident_id__in=changed_incidents).values("advocacyresponse_id")
        linked_hidden_only = through.exclude(incident_id__in=self.once_visible_incidents).values(
            "advocacyresponse_id"
        )
        linked_once_visible = through.filter(incident_id__in=self.once_visible_incidents).values(
            "advocacyresponse_id"
        )
        history = AdvocacyResponse.history.model.objects
        return (
            history.filter(Q(pk__in=self.changed(history.all()).values("pk")) | Q(id__in=linked_to_changed))
            .exclude(Q(id__in=linked_hidden_only) & ~Q(id__in=linked_once_visible))
            .exclude(id__in=visibility.advocacy_responses(self.user).values("pk"))
            .values_list("id", flat=True)
        )

    def sources(self) -> QuerySet:
        history = Source.history.model.objects
        return (
            self.changed(history.filter(history_type="-"))
            .exclude(id__in=Source.objects.values("pk"))
            .values_list("id", flat=True)
        )

    def of(self, resource: str) -> list[int]:
        method = getattr(self, resource.replace("-", "_"))
        return sorted(set(method()))


class WithdrawalsView(JSONErrorsMixin, GenericAPIView):
    """Records withdrawn from the caller (deleted, or no longer visible to them) since `updated_after`."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = None
    serializer_class = WithdrawalListSerializer
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "updated_after",
                OpenApiTypes.DATETIME,
                description="Records withdrawn after this ISO 8601 date-time (the `updated_after` of your "
                "last pull); without it, every withdrawal ever.",
            ),
            OpenApiParameter(
                "resource",
                {"type": "array", "items": {"type": "string", "enum": list(RESOURCES)}},
                description="Only these lists; several allowed, repeated or comma-separated.",
            ),
        ],
        responses=WithdrawalListSerializer,
    )
    def get(self, request: Request) -> Response:
        check_parameters(request, {"updated_after", "resource", "format"})
        since = None
        if request.query_params.get("updated_after"):
            try:
                since = parse_moment(request.query_params["updated_after"])
            except forms.ValidationError as error:
                raise ValidationError({"updated_after": error.messages}) from None
        wanted = [
            item.strip() for value in request.query_params.getlist("resource") for item in value.split(",")
        ]
        wanted = list(dict.fromkeys(item for item in wanted if item))
        unknown = [item for item in wanted if item not in RESOURCES]
        if unknown:
            raise ValidationError(
                {"resource": [f"Unknown resource {', '.join(unknown)}; choose from {', '.join(RESOURCES)}."]}
            )
        withdrawals = Withdrawals(request.user, since)
        results = [
            {"resource": resource, "id": pk}
            for resource in (wanted or RESOURCES)
            for pk in withdrawals.of(resource)
        ]
        if request.accepted_renderer.format == CSVRenderer.format:
            lines = csv_lines(results, COLUMNS, {})
            return StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        return Response({"next": None, "previous": None, "results": results})
