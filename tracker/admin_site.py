"""What every admin page of the tracker shares: kept history, and dates that keep their precision.

Every model admin derives from HistoryAdmin, so that each record's history page shows who
changed what and when, with the earlier values, and a past version can be restored.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import dateformat
from simple_history.admin import SimpleHistoryAdmin

from incidents.choices import DatePrecision


class HistoryAdmin(SimpleHistoryAdmin):
    """A model admin whose records' changes are all kept, visible and restorable.

    simple_history lets anyone who may *view* a record POST a past version back through the
    history form view; restoring is a change, so here it needs the change permission.
    """

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        self._refuse_hidden_record(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        record = self._refuse_hidden_record(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request, record):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _refuse_hidden_record(self, request: HttpRequest, object_id: str):
        """The record as the user may see it; 404 if it exists but is not theirs to see.

        A deleted record has no current row: its history stays reachable, so that it can be
        restored.
        """
        pk = unquote(object_id)
        record = self.get_object(request, pk)
        if record is None and self.model._default_manager.filter(pk=pk).exists():
            raise Http404
        return record


def date_with_precision(value: datetime.date | None, precision: str) -> str | None:
    """A date written no more precisely than it is known: '2017', 'April 2017', 'c. 3 Apr 2017'."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return dateformat.format(value, "F Y")
    if precision == DatePrecision.APPROXIMATE:
        return "c. " + dateformat.format(value, "j M Y")
    return dateformat.format(value, "j M Y")


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The admin's own log of who added, changed and deleted what: read only, for auditors.

    Entries name records by their str(), which for victims is the pseudonym, never a name.
    """

    date_hierarchy = "action_time"
    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag", "change_message")
    list_filter = ("action_flag", "content_type", "user")
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr", "user__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
