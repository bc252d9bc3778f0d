"""Sources and citations in the admin, and the citation inlines that other records' pages use."""

import nested_admin
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from incidents.models import Victim
from sources.models import Citation, Source
from tracker import policy
from tracker.admin_site import HistoryAdmin, date_with_precision

CITATION_FIELDS = ("source", "quote", "start", "end", "note")
CITATION_HELP = "Leave the offsets blank: they are found from the quote."


def citations_visible_to(citations: QuerySet, user: User | AnonymousUser) -> QuerySet:
    """Leave out citations of victims whose identity the user may not see.

    A passage cited for a victim is likely to name them: it is part of the identity.
    """
    hidden_victims = Victim.objects.exclude(policy.identity_visible_q(user)).values("pk")
    victim_type = ContentType.objects.get_for_model(Victim)
    return citations.exclude(Q(content_type=victim_type) & Q(object_id__in=hidden_victims))


class CitationInline(GenericTabularInline):
    """The passages that support the record on this page."""

    model = Citation
    fields = CITATION_FIELDS
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name_plural = "citations (" + CITATION_HELP.lower().rstrip(".") + ")"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("source")


class NestedCitationInline(nested_admin.NestedGenericTabularInline):
    """CitationInline for pages built with django-nested-admin (the incident page)."""

    model = Citation
    fields = CITATION_FIELDS
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name_plural = CitationInline.verbose_name_plural

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("source")


class SourceCitationInline(admin.TabularInline):
    """What this source is cited for: read here, written on the cited record's page."""

    model = Citation
    fields = ("record_link", "quote", "start", "end")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "cited for"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        citations = super().get_queryset(request).select_related("content_type").prefetch_related("record")
        return citations_visible_to(citations, request.user)

    @admin.display(description="record")
    def record_link(self, citation: Citation) -> str:
        return record_link(citation)


def record_link(citation: Citation) -> str:
    """A link to the cited record's admin page, named by its str() (a pseudonym for victims)."""
    if citation.record is None:
        return f"{citation.content_type} #{citation.object_id} (deleted)"
    url = reverse(
        f"admin:{citation.content_type.app_label}_{citation.content_type.model}_change",
        args=[citation.object_id],
    )
    return format_html('<a href="{}">{}: {}</a>', url, citation.content_type.name, citation.record)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = (
        "title",
        "publisher",
        "source_type",
        "published",
        "language",
        "reliability",
        "citation_count",
    )
    list_filter = ("source_type", "reliability", "language", "publisher", "published_on")
    list_select_related = ("source_type", "reliability")
    search_fields = ("title", "publisher", "author", "text")
    date_hierarchy = "published_on"
    autocomplete_fields = ("source_type", "reliability")
    readonly_fields = ("sha256", "original_sha256", "updated_at")
    inlines = [SourceCitationInline]
    fieldsets = (
        (None, {"fields": ("title", "source_type", "publisher", "author", "url", "language")}),
        (
            "Dates",
            {"fields": (("published_on", "published_precision"), "reference_date", "captured_at")},
        ),
        ("Archived text", {"fields": ("text", "sha256", "file_name", "original_sha256")}),
        ("Assessment", {"fields": ("reliability", "notes", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="published", ordering="published_on")
    def published(self, source: Source) -> str | None:
        return date_with_precision(source.published_on, source.published_precision)

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, source: Source) -> int:
        return source.citation_count


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ("source", "cited_record", "passage", "start", "end")
    list_filter = ("content_type", "source__source_type", "source__publisher")
    list_select_related = ("source", "content_type")
    search_fields = ("quote", "note", "source__title")
    autocomplete_fields = ("source",)
    fields = ("source", "content_type", "object_id", "quote", "start", "end", "note")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # prefetch_related("record") fetches the cited records in one query per model.
        citations = super().get_queryset(request).prefetch_related("record")
        return citations_visible_to(citations, request.user)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(
                pk__in=[
                    content_type.pk
                    for content_type in ContentType.objects.get_for_models(*_citable_models()).values()
                ]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="record")
    def cited_record(self, citation: Citation) -> str:
        return record_link(citation)

    @admin.display(description="quote")
    def passage(self, citation: Citation) -> str:
        return Truncator(citation.quote).chars(120)


def _citable_models() -> list:
    """The models that carry a `citations` relation: the records that state facts."""
    return [
        model
        for model in apps.get_models()
        if any(getattr(field, "related_model", None) is Citation for field in model._meta.private_fields)
    ]


# The review queue of ingestion suggestions registers itself.
from sources import review_admin  # noqa: E402, F401
