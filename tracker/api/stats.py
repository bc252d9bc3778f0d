"""`/api/v1/stats/`: counts of the incidents a caller may see, by month, place, type and perpetrator.

It takes the incident list's filters, so that a chart and the list under it always agree; a
hidden incident is never counted. Counting every visible incident takes seconds at 100,000
(bench/README.md), so the counts are cached per caller and filters until the data changes.
"""

import hashlib
import json

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from incidents import places
from incidents.api.filters import IncidentFilterSet
from incidents.choices import DatePrecision
from incidents.models import Actor, Incident, Involvement, Term, Violation
from tracker.api import visibility
from tracker.api.viewsets import JSONErrorsMixin, check_parameters


class MonthCount(serializers.Serializer):
    month = serializers.CharField(
        allow_null=True,
        help_text="YYYY-MM; null for incidents dated only to the year, approximately, or not at all.",
    )
    incidents = serializers.IntegerField()


class PlaceCount(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="ISO 3166 code; null where not recorded.")
    name = serializers.CharField(allow_null=True)
    incidents = serializers.IntegerField()


class TermCount(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="Vocabulary code; null where not recorded.")
    label = serializers.CharField(allow_null=True)
    incidents = serializers.IntegerField()


class ViolationTypeCount(TermCount):
    violations = serializers.IntegerField()


class PerpetratorTypeCount(TermCount):
    perpetrators = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    incidents = serializers.IntegerField(help_text="Incidents matching the filters.")
    violations = serializers.IntegerField(help_text="Their violations.")
    by_month = MonthCount(many=True, help_text="Incidents by the month they began.")
    by_country = PlaceCount(many=True)
    by_region = PlaceCount(many=True)
    by_violation_type = ViolationTypeCount(many=True)
    by_perpetrator_type = PerpetratorTypeCount(many=True)


def _counts(rows, key: str, name) -> list[dict]:
    return [{"code": row[key] or None, "name": name(row[key]) or None, "incidents": row["n"]} for row in rows]


def statistics(incidents: QuerySet) -> dict:
    incidents = incidents.order_by()
    ids = incidents.values("pk")
    violations = Violation.objects.filter(incident__in=ids)
    precise = Q(start_date__isnull=False, start_date_precision__in=[DatePrecision.DAY, DatePrecision.MONTH])
    by_month: list[dict] = [
        {"month": row["month"].strftime("%Y-%m"), "incidents": row["n"]}
        for row in incidents.filter(precise)
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    ]
    imprecise = incidents.exclude(precise).count()
    if imprecise:
        by_month.append({"month": None, "incidents": imprecise})
    countries = incidents.values("country").annotate(n=Count("pk")).order_by("-n", "country")
    regions = incidents.values("region").annotate(n=Count("pk")).order_by("-n", "region")
    types = (
        violations.values("violation_type__code", "violation_type__label")
        .annotate(n=Count("incident", distinct=True), violations=Count("pk"))
        .order_by("-n", "violation_type__code")
    )
    perpetrator_types = (
        Involvement.objects.filter(violation__in=violations.values("pk"))
        .values("perpetrator__actor_type__code", "perpetrator__actor_type__label")
        .annotate(
            n=Count("violation__incident", distinct=True), perpetrators=Count("perpetrator", distinct=True)
        )
        .order_by("-n", "perpetrator__actor_type__code")
    )
    return {
        "incidents": incidents.count(),
        "violations": violations.count(),
        "by_month": by_month,
        "by_country": _counts(countries, "country", places.country_name),
        "by_region": _counts(regions, "region", places.region_name),
        "by_violation_type": [
            {
                "code": row["violation_type__code"],
                "label": row["violation_type__label"],
                "incidents": row["n"],
                "violations": row["violations"],
            }
            for row in types
        ],
        "by_perpetrator_type": [
            {
                "code": row["perpetrator__actor_type__code"],
                "label": row["perpetrator__actor_type__label"],
                "incidents": row["n"],
                "perpetrators": row["perpetrators"],
            }
            for row in perpetrator_types
        ],
    }


# The counts depend on these records only; every write to one leaves a historical row.
COUNTED_MODELS = (Incident, Violation, Involvement, Actor, Term)
CACHE_SECONDS = 15 * 60


def data_version() -> str:
    """A value that changes whenever a record the counts depend on is created, changed or deleted.

    The newest historical row of each model, read off the primary key's index in one query: it
    holds across processes, unlike a counter kept in a per-process cache. Writes that bypass
    history (bench_generate's COPY) do not move it; the cache's timeout bounds those.
    """
    quote = connection.ops.quote_name
    latest = ", ".join(
        f"(SELECT MAX(history_id) FROM {quote(model.history.model._meta.db_table)})"
        for model in COUNTED_MODELS
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {latest}")
        return "-".join(str(value) for value in cursor.fetchone())


def cache_key(request: Request) -> str:
    """Per caller (what a caller may see, and find by a name, is the policy's to say) and per
    filter values, for the data as it now stands."""
    parameters = sorted((name, value) for name, values in request.query_params.lists() for value in values)
    digest = hashlib.sha256(json.dumps([request.user.pk, parameters]).encode()).hexdigest()
    return f"tracker:stats:{data_version()}:{digest}"


class StatsView(JSONErrorsMixin, GenericAPIView):
    """Counts of the incidents matching the filters, which are those of /api/v1/incidents/."""

    queryset = Incident.objects.all()
    filter_backends = [DjangoFilterBackend]
    filterset_class = IncidentFilterSet
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    pagination_class = None
    serializer_class = StatsSerializer

    def get_queryset(self) -> QuerySet:
        return visibility.incidents(self.request.user)

    @extend_schema(filters=True, responses=StatsSerializer)
    def get(self, request: Request) -> Response:
        check_parameters(request, set(IncidentFilterSet.base_filters) | {"format"})
        # Filtering first checks every value (a bad one is a 400, cached or not).
        incidents = self.filter_queryset(self.get_queryset())
        key = cache_key(request)
        counts = cache.get(key)
        if counts is None:
            counts = statistics(incidents)
            cache.set(key, counts, CACHE_SECONDS)
        return Response(counts)
