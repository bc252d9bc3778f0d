"""Sources (ESF information) and the citations that tie their passages to records."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from incidents.choices import DatePrecision, Vocabulary
from incidents.models import Term, vocabulary


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Source(models.Model):
    """A document that says something: article, NGO statement, report, testimony…

    The archived text is kept as captured, with its SHA-256, so that every citation can be
    checked against the exact words it quotes.
    """

    title = models.CharField(max_length=500)
    source_type = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.SOURCE_TYPE),
        null=True,
        blank=True,
        verbose_name="type of source",
    )
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    published_precision = models.CharField(
        "publication date precision",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    reference_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date that relative expressions in the text ('on Friday', 'last year') "
        "are resolved against, when it is not the publication date.",
    )
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1 code, e.g. en.")
    text = models.TextField(help_text="The archived text, as captured.")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    captured_at = models.DateTimeField(default=timezone.now)
    original_sha256 = models.CharField(
        "SHA-256 of the original file",
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Of the bytes as ingested (the HTML page, say), before the text was extracted.",
    )
    file_name = models.CharField(max_length=255, blank=True, help_text="The file it was ingested from.")
    reliability = models.ForeignKey(
        to=Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=vocabulary(Vocabulary.RELIABILITY),
        null=True,
        blank=True,
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        duplicate = Source.objects.filter(sha256=text_sha256(self.text)).exclude(pk=self.pk).first()
        if duplicate:
            raise ValidationError({"text": f"This text is already archived as source #{duplicate.pk}."})

    def find_passage(self, quote: str) -> tuple[int, int] | None:
        """Character offsets of the first occurrence of quote in the archived text."""
        start = self.text.find(quote)
        return None if start < 0 else (start, start + len(quote))


class Citation(models.Model):
    """The exact passage of a source that supports a record (ESF information link)."""

    source = models.ForeignKey(to=Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(to=ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    quote = models.TextField(help_text="The passage, word for word.")
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset of the quote in the source text."
    )
    end = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_record")]

    def __str__(self) -> str:
        return f"{self.source} [{self.start}:{self.end}]"

    def clean(self) -> None:
        if not self.source_id or not self.quote:
            return
        text = self.source.text
        if self.start is None and self.end is None:
            passage = self.source.find_passage(self.quote)
            if passage is None:
                raise ValidationError({"quote": "This passage is not in the source's text."})
            self.start, self.end = passage
        elif self.start is None or self.end is None or text[self.start : self.end] != self.quote:
            raise ValidationError({"quote": "The quote does not match the source's text at these offsets."})


# --- Ingestion: what extraction proposed, and what reviewers decided --------------------------


class SuggestionKind(models.TextChoices):
    """What a suggestion proposes; each kind becomes (or links) one kind of record."""

    INCIDENT = "incident", "Incident"
    VIOLATION = "violation", "Violation"
    VICTIM = "victim", "Victim"
    PERPETRATOR = "perpetrator", "Perpetrator"
    PLACE = "place", "Place"
    DATE = "date", "Date"
    ADVOCACY_RESPONSE = "advocacy_response", "Advocacy response"


class SuggestionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    EDITED = "edited", "Accepted with changes"
    REJECTED = "rejected", "Rejected"


class Suggestion(models.Model):
    """A record that extraction proposes from a passage of a source, for a reviewer to decide.

    Nothing becomes a record until a reviewer accepts it. Rejected suggestions are kept, so
    that extracting the same source again does not propose them again (`ref` is stable).
    """

    source = models.ForeignKey(to=Source, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    ref = models.CharField(
        max_length=120,
        help_text="Stable id within the source, e.g. 'victim:zelimkhan-akhmadov'; other "
        "suggestions of the same source refer to it.",
    )
    text = models.CharField(max_length=500, help_text="The name or phrase as written.")
    payload = models.JSONField(default=dict, help_text="The normalised fields, as the reviewer left them.")
    proposed = models.JSONField(
        default=dict, editable=False, help_text="The fields as extraction proposed them."
    )
    quote = models.TextField(help_text="The passage that supports it, word for word.")
    start = models.PositiveIntegerField(help_text="Offset of the quote in the source text.")
    end = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=SuggestionStatus.choices, default=SuggestionStatus.PROPOSED, db_index=True
    )
    reviewer = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    content_type = models.ForeignKey(to=ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "ref"], name="suggestion_unique_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"

    def clean(self) -> None:
        if self.source_id and self.source.text[self.start : self.end] != self.quote:
            raise ValidationError({"quote": "The quote does not match the source's text at these offsets."})
