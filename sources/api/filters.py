"""Filters for sources."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from incidents.api.filters import codes, words_in
from incidents.choices import Vocabulary
from incidents.models import Incident, Violation
from sources.models import Citation, Source
from tracker.api import visibility
from tracker.api.filters import (
    RecordFilterSet,
    ids,
    known_ids,
    listed,
    may_be_on_or_after,
    may_be_on_or_before,
    parse_day,
    parse_language,
    single,
    term_ids,
    text_parser,
)


class SourceFilterSet(RecordFilterSet):
    source_type = codes(Vocabulary.SOURCE_TYPE, "filter_source_type", "Sources of these types")
    reliability = codes(Vocabulary.RELIABILITY, "filter_reliability", "Sources with these reliability grades")
    language = listed(
        parse_language, "filter_language", "ISO 639-1 language codes, e.g. en; several allowed."
    )
    publisher = single(text_parser(), "filter_publisher", "Publishers whose name contains this text.")
    published_after = single(
        parse_day,
        "filter_published_after",
        "Sources whose publication date, read at its precision, may be on or after this day.",
        format="date",
    )
    published_before = single(
        parse_day,
        "filter_published_before",
        "Sources whose publication date, read at its precision, may be on or before this day.",
        format="date",
    )
    incident = ids(
        "filter_incident", "Sources cited by these incidents (ids), directly or through their violations."
    )

    class Meta:
        model = Source
        fields = []

    def filter_source_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(source_type__in=term_ids(Vocabulary.SOURCE_TYPE, values, name))

    def filter_reliability(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(reliability__in=term_ids(Vocabulary.RELIABILITY, values, name))

    def filter_language(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        return queryset.filter(language__in=values)

    def filter_publisher(self, queryset: QuerySet, name: str, text: str) -> QuerySet:
        return queryset.filter(publisher__icontains=text)

    def filter_published_after(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(may_be_on_or_after("published_on", "published_precision", day))

    def filter_published_before(self, queryset: QuerySet, name: str, day: date) -> QuerySet:
        return queryset.filter(may_be_on_or_before("published_on", "published_precision", day))

    def filter_incident(self, queryset: QuerySet, name: str, values: list[int]) -> QuerySet:
        known_ids(visibility.incidents(self.user), values, name, "incident")
        incident_type = ContentType.objects.get_for_model(Incident)
        violation_type = ContentType.objects.get_for_model(Violation)
        violations = Violation.objects.filter(incident__in=values).values("pk")
        cited = Citation.objects.filter(
            Q(content_type=incident_type, object_id__in=values)
            | Q(content_type=violation_type, object_id__in=violations)
        )
        return queryset.filter(pk__in=cited.values("source_id"))

    def matching(self, text: str) -> Q:
        """Title, publisher and author; the archived text too for callers who may read it."""
        if not text.strip():
            return Q()
        fields = ("title", "publisher", "author")
        found = Q()
        for word in text.split():
            either = Q(pk__in=[])
            for field in fields:
                either |= Q(**{f"{field}__icontains": word})
            found &= either
        if visibility.archived_text_visible(self.user):
            found |= words_in(("text",), text)
        return found
