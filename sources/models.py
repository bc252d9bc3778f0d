"""Sources (ESF information) and the citations that tie their passages to records."""

import hashlib

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
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset of the quote in the source text.")
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
