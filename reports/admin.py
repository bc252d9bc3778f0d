"""The auditors' pages: the change log and the export log (read-only), and the export action.

`export_report` is an admin action for the incident list; IncidentAdmin lists it in its
`actions`. It exports the selected incidents (or all that match the list's filters) as the
signed-in user sees them, and answers with a ZIP of the files and their manifest.
"""

import tempfile
import zipfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from reports.audit import hidden_entries_q
from reports.choices import ExportFormat, Surface
from reports.models import AuditEntry, ExportLog
from reports.services import ExportError, report_export

# Query-string keys of the change list that are not filters.
NOT_FILTERS = {"o", "p", "e", "_popup", "_to_field"}


class ExportForm(forms.Form):
    export_format = forms.ChoiceField(label="Format", choices=ExportFormat.choices, initial=ExportFormat.CSV)


@admin.action(description="Export report")
def export_report(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> HttpResponse | None:
    """Ask for a format, then send the export of these incidents as a ZIP with its manifest."""
    form = ExportForm(request.POST if "export_format" in request.POST else None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "admin/reports/export_report.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": "Export report",
                "opts": modeladmin.model._meta,
                "form": form,
                "count": queryset.count(),
                "select_across": request.POST.get("select_across", "0"),
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "filters": _changelist_filters(request),
            },
        )
    export_format = form.cleaned_data["export_format"]
    archive = tempfile.TemporaryFile()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "export"
            log = report_export(
                user=request.user,
                export_format=export_format,
                out_dir=folder,
                surface=Surface.ADMIN,
                context=request.path,
                incidents=queryset,
                selection=_selection(request),
            )
            with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
                for path in sorted(folder.iterdir()):
                    bundle.write(path, arcname=path.name)
    except (ExportError, PermissionDenied) as error:
        archive.close()
        modeladmin.message_user(request, f"The export failed: {error}", messages.ERROR)
        return None
    archive.seek(0)
    # FileResponse closes the temporary file when sent, which deletes it.
    return FileResponse(
        archive, as_attachment=True, filename=f"report-{log.made_at:%Y%m%d-%H%M%S}-{export_format}.zip"
    )


def _changelist_filters(request: HttpRequest) -> dict[str, str]:
    return {key: value for key, value in request.GET.items() if key not in NOT_FILTERS}


def _selection(request: HttpRequest) -> dict:
    """What the manifest says about the choice of incidents: the list's filters, the selection."""
    selection: dict = {"admin_filters": _changelist_filters(request)}
    if request.POST.get("select_across") != "1":
        selection["selected_ids"] = sorted(int(pk) for pk in request.POST.getlist(ACTION_CHECKBOX_NAME))
    return selection


def record_history_url(record) -> str:
    """The change log filtered to one record: what a 'history' link on any admin page points to."""
    query = urlencode({"model_label": record._meta.label_lower, "object_id": record.pk})
    return f"{reverse('admin:reports_auditentry_changelist')}?{query}"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes: the logs are append-only, written by the code alone."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "sequence",
        "created_at",
        "username",
        "surface",
        "action",
        "model_label",
        "object_id",
        "object_repr",
        "changed_fields",
    )
    list_display_links = ("sequence", "object_repr")
    list_filter = ("surface", "action", "model_label", "created_at")
    search_fields = ("=object_id", "object_repr", "username", "context")
    date_hierarchy = "created_at"
    fields = (
        "sequence",
        "created_at",
        "username",
        "user_id",
        "surface",
        "context",
        "model_label",
        "object_id",
        "object_repr",
        "action",
        "changes_table",
        "history_id",
        "prev_hash",
        "entry_hash",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        entries = super().get_queryset(request)
        hidden = hidden_entries_q(request.user)
        return entries if hidden is None else entries.exclude(hidden)

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # One record's history is the list filtered on model_label and object_id.
        return lookup in ("object_id", "model_label") or super().lookup_allowed(lookup, value, request)

    @admin.display(description="fields")
    def changed_fields(self, entry: AuditEntry) -> str:
        return ", ".join(change.get("field", "?") for change in entry.changes if isinstance(change, dict))

    @admin.display(description="changes")
    def changes_table(self, entry: AuditEntry) -> str:
        if not entry.changes:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    change.get("field"),
                    "(withheld)" if change.get("withheld") else _shown(change.get("old")),
                    "(withheld)" if change.get("withheld") else _shown(change.get("new")),
                )
                for change in entry.changes
            ),
        )
        return format_html("<table><tr><th>field</th><th>from</th><th>to</th></tr>{}</table>", rows)


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or "(none)"
    return str(value)


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ("made_at", "username", "kind", "format", "surface", "total_records", "filters_text")
    list_filter = ("kind", "format", "surface", "made_at")
    search_fields = ("username", "=uuid")
    date_hierarchy = "made_at"
    fields = (
        "uuid",
        "made_at",
        "username",
        "user_id",
        "surface",
        "kind",
        "format",
        "filters_text",
        "counts_text",
        "total_records",
        "software_version",
        "files_table",
        "manifest_sha256",
    )
    readonly_fields = fields

    @admin.display(description="filters")
    def filters_text(self, log: ExportLog) -> str:
        return "; ".join(f"{name} = {value}" for name, value in log.filters.items()) or "(none)"

    @admin.display(description="records")
    def counts_text(self, log: ExportLog) -> str:
        return "; ".join(f"{name}: {count:,}" for name, count in log.counts.items())

    @admin.display(description="files")
    def files_table(self, log: ExportLog) -> str:
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            ((item["name"], f"{item['bytes']:,}", item["sha256"]) for item in log.files),
        )
        return format_html("<table><tr><th>file</th><th>bytes</th><th>SHA-256</th></tr>{}</table>", rows)
