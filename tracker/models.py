"""API tokens: how partner organisations' scripts sign in to the API.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is issued.
Tokens are random and long, so an unsalted hash is enough (as for GitHub's tokens): nothing
is to be learnt by guessing.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

TOKEN_PREFIX = "trk_"

# Recording every use would be one write per request; once a minute says as much.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A key to the API, issued by staff to one partner organisation, revocable at any time."""

    user = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The account the token acts as: its roles decide what the token may see and do.",
    )
    organisation = models.CharField(max_length=200, help_text="The partner organisation that holds it.")
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The token's first characters, to tell tokens apart."
    )
    key_hash = models.CharField("SHA-256 of the token", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty for no expiry.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = "API token"
        ordering = ["organisation", "-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, organisation: str, expires_at: datetime | None = None) -> tuple["ApiToken", str]:
        """Make a token; returns the stored row and the plaintext, which nothing keeps."""
        plaintext = cls.new_plaintext()
        token = cls(user=user, organisation=organisation, expires_at=expires_at)
        token.set_key(plaintext)
        token.full_clean()
        token.save()
        return token, plaintext

    @staticmethod
    def new_plaintext() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def set_key(self, plaintext: str) -> None:
        self.key_hash = token_hash(plaintext)
        self.prefix = plaintext[: len(TOKEN_PREFIX) + 6]

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def record_use(self) -> None:
        """Note the time of use, at most once a minute (a query, when it writes)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USE_RESOLUTION:
            # update(), not save(): a use is not a change worth a history record.
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class IdentityAccess(models.Model):
    """Someone was shown a protected victim identity: who, which victim, which fields, where, when.

    Never the value: the trail must be safe to show to auditors who may not see identities.
    The username and pseudonym are kept as text so the trail outlives deleted users and victims.
    """

    class Surface(models.TextChoices):
        ADMIN = "admin", "admin"
        API = "api", "API"
        EXPORT = "export", "export"
        COMMAND = "command", "command"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    victim = models.ForeignKey(
        "incidents.Victim", null=True, blank=True, on_delete=models.SET_NULL, related_name="accesses"
    )
    victim_pseudonym = models.CharField(max_length=12)
    fields = models.CharField(max_length=200, help_text="The identity fields shown, comma-separated.")
    surface = models.CharField(max_length=8, choices=Surface.choices)
    path = models.CharField(max_length=300, blank=True, help_text="The request path, never its query string.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "identity access"
        verbose_name_plural = "identity access trail"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.username or 'system'} saw {self.victim_pseudonym} ({self.surface})"
