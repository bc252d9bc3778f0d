"""The API's sources: documents whose passages support the records."""

from django.db.models import QuerySet

from sources.api import filters, serializers
from sources.models import Source
from tracker.api.viewsets import RecordViewSet


class SourceViewSet(RecordViewSet):
    """A document that says something: article, NGO statement, report, testimony…

    Lists leave out the archived text; a source's own page has it, for roles cleared to read it.
    """

    queryset = Source.objects.all()
    serializer_class = serializers.SourceDetailSerializer
    brief_serializer_class = serializers.SourceBriefSerializer
    filterset_class = filters.SourceFilterSet
    csv_columns = serializers.SOURCE_COLUMNS
    ordering = ("-published_on", "title")
    ordering_fields = ("published_on", "title", "captured_at", "updated_at")

    def visible(self, user) -> QuerySet:
        return Source.objects.all()

    def get_serializer_class(self):
        if self.action == "list" and not self.brief:
            return serializers.SourceSerializer
        return super().get_serializer_class()

    def prefetch(self, queryset: QuerySet, *, brief: bool) -> QuerySet:
        if brief:
            return queryset.only("pk", "title")
        # The list never shows the archived text: don't read it.
        queryset = queryset.select_related("source_type", "reliability")
        return queryset.defer("text") if self.action == "list" else queryset
