"""The review queue: what ingestion proposed, shown on the source's text, for a reviewer to
accept (as proposed or edited) or reject, one by one or in bulk.

Suggestions name victims before anyone has decided how their identity may be disclosed, so the
queue is for those who may decide (the change permission on suggestions: Staff and Reviewers),
not for every reader of the admin.
"""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from sources import services
from sources.models import Source, Suggestion, SuggestionStatus
from tracker.admin_site import HistoryAdmin

# The payload fields worth showing in a list, per kind, in this order.
SUMMARY_FIELDS = {
    "incident": ("title", "start_date", "start_date_precision", "country", "region", "place_name"),
    "violation": ("violation_type_label", "victim", "perpetrators", "date", "date_precision"),
    "victim": ("kind", "name", "description", "count", "count_qualifier", "existing"),
    "perpetrator": ("name", "kind", "perpetrator_type_label", "is_state_actor", "country", "existing"),
    "place": ("name", "kind", "country", "region"),
    "date": ("date", "precision", "resolved", "basis"),
    "advocacy_response": ("response_type_label", "actors", "addressees", "demands", "speaker"),
}


def summary(suggestion: Suggestion) -> str:
    """The normalised fields, as one line a reviewer can check against the quote."""
    parts = []
    for field in SUMMARY_FIELDS.get(suggestion.kind, ()):
        value = suggestion.payload.get(field)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            value = ", ".join(
                str(item.get("name") or item.get("perpetrator") or item)
                if isinstance(item, dict)
                else str(item)
                for item in value
            )
        elif isinstance(value, dict):
            value = f"#{value.get('id')} {value.get('name', '')}".strip()
        parts.append(f"{field.replace('_label', '').replace('_', ' ')}: {value}")
    return "; ".join(parts)


def highlighted_text(source: Source, suggestions: list[Suggestion]) -> str:
    """The source's text as HTML, each suggestion's words marked (overlaps marked by both)."""
    text = source.text
    spans = []
    for suggestion in suggestions:
        span = suggestion.payload.get("span") or {}
        start, end = span.get("start", suggestion.start), span.get("end", suggestion.end)
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, suggestion))
    boundaries = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for left, right in zip(boundaries, boundaries[1:], strict=False):
        covering = [suggestion for start, end, suggestion in spans if start <= left and right <= end]
        chunk = escape(text[left:right])
        if not covering:
            pieces.append(chunk)
            continue
        first = min(
            covering,
            key=lambda s: (
                (s.payload.get("span") or {}).get("end", s.end)
                - (s.payload.get("span") or {}).get("start", s.start)
            ),
        )
        classes = " ".join(
            sorted({f"kind-{s.kind}" for s in covering} | {f"status-{s.status}" for s in covering})
        )
        title = " | ".join(
            f"#{s.pk} {s.get_kind_display()}: {s.text} ({s.get_status_display()})" for s in covering
        )
        pieces.append(
            f'<a href="#suggestion-{first.pk}" class="suggestion-mark"><mark class="{classes}" '
            f'title="{escape(title)}">{chunk}</mark></a>'
        )
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text above is escaped


@admin.register(Suggestion)
class SuggestionAdmin(HistoryAdmin):
    list_display = (
        "text",
        "kind",
        "source_link",
        "status",
        "normalised",
        "reviewer",
        "decided_at",
        "record_link",
    )
    list_filter = ("status", "kind", ("source", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("source", "reviewer", "content_type")
    search_fields = ("text", "quote", "source__title")
    readonly_fields = (
        "source_link",
        "kind",
        "ref",
        "text",
        "quote",
        "start",
        "end",
        "proposed_json",
        "status",
        "reviewer",
        "decided_at",
        "record_link",
    )
    fields = readonly_fields[:5] + ("payload",) + readonly_fields[5:]
    actions = ("accept_selected", "reject_selected")
    change_form_template = "admin/sources/suggestion/change_form.html"

    # --- who may see and decide ---------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # suggestions come from `manage.py ingest`

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("sources.change_suggestion")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # rejected suggestions are kept, so they are not proposed again

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple:
        if obj is not None and obj.status != SuggestionStatus.PROPOSED:
            return (*self.readonly_fields, "payload")
        return self.readonly_fields

    # --- columns ------------------------------------------------------------------------------

    @admin.display(description="source", ordering="source__title")
    def source_link(self, suggestion: Suggestion) -> str:
        url = reverse("admin:sources_suggestion_review", args=[suggestion.source_id])
        return format_html(
            '<a href="{}#suggestion-{}">{}</a>',
            url,
            suggestion.pk,
            Truncator(suggestion.source.title).chars(60),
        )

    @admin.display(description="proposed")
    def normalised(self, suggestion: Suggestion) -> str:
        return Truncator(summary(suggestion)).chars(160)

    @admin.display(description="record")
    def record_link(self, suggestion: Suggestion) -> str:
        if not suggestion.content_type_id:
            return "—"
        url = reverse(
            f"admin:{suggestion.content_type.app_label}_{suggestion.content_type.model}_change",
            args=[suggestion.object_id],
        )
        return format_html('<a href="{}">{} #{}</a>', url, suggestion.content_type.name, suggestion.object_id)

    @admin.display(description="as extraction proposed it")
    def proposed_json(self, suggestion: Suggestion) -> str:
        return format_html("<pre>{}</pre>", json.dumps(suggestion.proposed, indent=2, ensure_ascii=False))

    # --- decisions ----------------------------------------------------------------------------

    def _decide(self, request: HttpRequest, suggestions, decision: str, payload: dict | None = None) -> int:
        done = 0
        for suggestion in suggestions:
            try:
                if decision == "accept":
                    services.suggestion_accept(suggestion=suggestion, user=request.user, payload=payload)
                else:
                    services.suggestion_reject(suggestion=suggestion, user=request.user)
            except ValidationError as error:
                problems = "; ".join(
                    f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items()
                )
                self.message_user(
                    request, f"#{suggestion.pk} {suggestion}: not {decision}ed — {problems}", messages.ERROR
                )
                continue
            done += 1
        return done

    @admin.action(description="Accept the selected suggestions (makes or links the records)")
    def accept_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = self._decide(request, queryset.order_by("kind", "start"), "accept")
        self.message_user(
            request, f"{done} suggestion(s) accepted.", messages.SUCCESS if done else messages.WARNING
        )

    @admin.action(description="Reject the selected suggestions")
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = self._decide(request, queryset.filter(status=SuggestionStatus.PROPOSED), "reject")
        self.message_user(
            request, f"{done} suggestion(s) rejected.", messages.SUCCESS if done else messages.WARNING
        )

    def save_model(self, request: HttpRequest, suggestion: Suggestion, form, change: bool) -> None:
        """'Save' keeps the edited fields; '_accept' also accepts, '_reject' rejects."""
        if "_reject" in request.POST:
            self._decide(request, [suggestion], "reject")
        elif "_accept" in request.POST:
            payload = suggestion.payload
            suggestion.payload = Suggestion.objects.get(pk=suggestion.pk).payload
            if self._decide(request, [suggestion], "accept", payload=payload):
                self.message_user(request, f"Accepted: {suggestion}.", messages.SUCCESS)
        else:
            super().save_model(request, suggestion, form, change)

    def response_change(self, request: HttpRequest, suggestion: Suggestion) -> HttpResponse:
        if "_accept" in request.POST or "_reject" in request.POST:
            return HttpResponseRedirect(
                reverse("admin:sources_suggestion_review", args=[suggestion.source_id])
                + f"#suggestion-{suggestion.pk}"
            )
        return super().response_change(request, suggestion)

    # --- the source's text, with its suggestions ---------------------------------------------

    def get_urls(self) -> list:
        review = self.admin_site.admin_view(self.review_view)
        return [
            path("review/<int:source_id>/", review, name="sources_suggestion_review"),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, source_id: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=source_id)
        suggestions = list(
            source.suggestions.select_related("reviewer", "content_type").order_by("kind", "start", "pk")
        )
        if request.method == "POST":
            chosen = [s for s in suggestions if str(s.pk) in request.POST.getlist("suggestion")]
            for decision in ("accept", "reject"):
                single = request.POST.get(f"{decision}_one")
                if single:
                    chosen = [s for s in suggestions if str(s.pk) == single]
                if f"{decision}_one" in request.POST or f"{decision}_selected" in request.POST:
                    done = self._decide(
                        request, [s for s in chosen if s.status == SuggestionStatus.PROPOSED], decision
                    )
                    self.message_user(
                        request,
                        f"{done} suggestion(s) {decision}ed.",
                        messages.SUCCESS if done else messages.WARNING,
                    )
            return HttpResponseRedirect(request.path)
        counts = {
            row["status"]: row["n"] for row in source.suggestions.values("status").annotate(n=Count("pk"))
        }
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {source.title}",
            "source": source,
            "text": highlighted_text(source, suggestions),
            "rows": [(suggestion, summary(suggestion)) for suggestion in suggestions],
            "counts": counts,
            "opts": self.model._meta,
            "proposed": SuggestionStatus.PROPOSED,
        }
        return TemplateResponse(request, "admin/sources/suggestion/review.html", context)
