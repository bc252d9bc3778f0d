"""The identity access trail in the admin: read-only, for auditors and superusers, with CSV export."""

import csv

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tracker.models import IdentityAccess

CSV_COLUMNS = ("at", "username", "victim_pseudonym", "fields", "surface", "path")


@admin.register(IdentityAccess)
class IdentityAccessAdmin(admin.ModelAdmin):
    """Who was shown which protected identity; never the identity itself."""

    list_display = ("at", "username", "victim_pseudonym", "fields", "surface", "path")
    list_filter = ("surface", "at", ("user", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "victim_pseudonym")
    date_hierarchy = "at"
    actions = ["export_csv"]
    list_select_related = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A trail that can be pruned proves nothing.
        return False

    def get_actions(self, request: HttpRequest) -> dict:
        # The delete action is gone with the delete permission; export needs only view.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset) -> HttpResponse:
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="identity-access-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for row in queryset.order_by("at", "pk").values_list(*CSV_COLUMNS):
            writer.writerow([row[0].isoformat(), *row[1:]])
        return response
