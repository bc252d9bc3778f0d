"""API tokens in the admin: staff issue one per partner organisation, and revoke it."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from tracker.admin_site import HistoryAdmin
from tracker.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(HistoryAdmin):
    """Issuing shows the token once, in a message; only its hash and first characters are kept."""

    list_display = ("organisation", "user", "prefix", "state", "created_at", "expires_at", "last_used_at")
    list_filter = ("revoked_at", "expires_at")
    list_select_related = ("user",)
    search_fields = ("organisation", "user__username", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("user", "organisation", "expires_at", *readonly_fields)
    autocomplete_fields = ("user",)
    actions = ["revoke_tokens"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        # A token belongs to one account for its whole life: issue a new one instead.
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    @admin.display(description="state")
    def state(self, token: ApiToken) -> str:
        if token.revoked_at:
            return format_html('<span style="color:#ba2121">revoked {}</span>', token.revoked_at.date())
        if token.is_expired:
            return format_html('<span style="color:#ba2121">{}</span>', "expired")
        return "active"

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        plaintext = ApiToken.new_plaintext()
        obj.set_key(plaintext)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            format_html(
                "The token for {} is <code>{}</code>. Copy it now: it is not stored and will not "
                "be shown again.",
                obj.organisation,
                plaintext,
            ),
        )

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet) -> None:
        # One by one, so that each revocation is a history record naming who revoked it.
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token.revoke()
        self.message_user(request, f"Revoked {len(tokens)} token(s) at {timezone.now():%Y-%m-%d %H:%M} UTC.")


import tracker.access_admin  # noqa: E402,F401  (the identity access trail)
