"""Sources as the API shows them: metadata for every role, the archived text for cleared roles.

The archived text and the staff's notes name people (victims among them); callers whom
tracker.api.visibility does not clear for archived texts get "[withheld]" in their place, and
lists never carry the text at all (fetch one source for it).
"""

from rest_framework import serializers

from incidents.choices import Vocabulary
from sources.models import Source
from tracker import policy
from tracker.api import visibility
from tracker.api.renderers import Column
from tracker.api.serializers import (
    LinkSerializer,
    SelfLink,
    TermField,
    ValidatedModelSerializer,
    record_columns,
)


class ArchivedTextField(serializers.CharField):
    """Archived text or notes: the value for cleared callers, "[withheld]" for the others."""

    def get_attribute(self, source: Source) -> str:
        if not visibility.archived_text_visible(self.context["request"].user):
            return policy.WITHHELD
        return super().get_attribute(source)


class SourceSerializer(ValidatedModelSerializer):
    """A document that says something: article, NGO statement, report, testimony…"""

    url = SelfLink("source-detail")
    display = serializers.CharField(source="*", read_only=True)
    document_url = serializers.URLField(
        source="url",
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Where the document was published.",
    )
    source_type = TermField(vocabulary=Vocabulary.SOURCE_TYPE, required=False, allow_null=True)
    reliability = TermField(vocabulary=Vocabulary.RELIABILITY, required=False, allow_null=True)
    notes = ArchivedTextField(
        required=False, allow_blank=True, help_text='Staff notes; "[withheld]" for partners.'
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "display",
            "title",
            "source_type",
            "publisher",
            "author",
            "document_url",
            "published_on",
            "published_precision",
            "reference_date",
            "language",
            "sha256",
            "captured_at",
            "reliability",
            "notes",
            "updated_at",
        ]
        read_only_fields = ["sha256", "updated_at"]


class SourceDetailSerializer(SourceSerializer):
    """A source with its archived text."""

    text = ArchivedTextField(
        help_text='The archived text, as captured (its SHA-256 is `sha256`); "[withheld]" for partners.'
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields[:-1], "text", "updated_at"]


class SourceBriefSerializer(LinkSerializer):
    view_name = "source-detail"


SOURCE_COLUMNS = [
    *record_columns("source", "source-detail"),
    Column("title", "Title.", lambda s, c: s.title),
    Column("source_type", "Code of its type.", lambda s, c: s.source_type.code if s.source_type else None),
    Column("publisher", "Publisher.", lambda s, c: s.publisher),
    Column("author", "Author.", lambda s, c: s.author),
    Column("document_url", "Where it was published.", lambda s, c: s.url),
    Column("published_on", "Publication date, read at published_precision.", lambda s, c: s.published_on),
    Column("published_precision", "day, month, year or approximate.", lambda s, c: s.published_precision),
    Column("language", "ISO 639-1 code.", lambda s, c: s.language),
    Column("sha256", "SHA-256 of the archived text.", lambda s, c: s.sha256),
    Column("captured_at", "When the text was archived.", lambda s, c: s.captured_at),
    Column(
        "reliability",
        "Code of its reliability grade.",
        lambda s, c: s.reliability.code if s.reliability else None,
    ),
    Column("updated_at", "When it last changed.", lambda s, c: s.updated_at),
]
