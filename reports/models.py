"""What auditors read: the tamper-evident change log and the log of exports.

Both tables are append-only. Rows are written once, by reports.audit and reports.services,
and refuse to be updated or deleted through the ORM; the change log also chains each entry to
the one before by hash, so that an edit or removal made behind the ORM's back is found by
`manage.py verify_audit_log`.
"""

import hashlib
import json
import uuid
from datetime import UTC

from django.db import models
from django.utils import timezone

from reports.choices import AuditAction, ExportFormat, ExportKind, Surface

# The prev_hash of the first entry: there is nothing before it.
GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised on any attempt to update or delete a row of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows cannot be changed.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name} #{self.pk} cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name} #{self.pk} cannot be deleted.")


def canonical_json(value) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8; what hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class AuditEntry(AppendOnlyModel):
    """One change to one record: who, when, through which surface, which fields from what to what.

    Identity fields of victims are named but their values are withheld, so the log never holds
    a protected identity (see reports.audit.WITHHELD_FIELDS). Names and labels are kept as plain
    strings, so an entry still reads right after the user or the record is gone.
    """

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(db_index=True, editable=False)
    user_id = models.BigIntegerField(null=True, blank=True, editable=False)
    username = models.CharField(max_length=150, blank=True, editable=False)
    surface = models.CharField(max_length=16, choices=Surface.choices, editable=False)
    context = models.CharField(
        max_length=300, blank=True, editable=False, help_text="The request path or the command's name."
    )
    model_label = models.CharField("record type", max_length=100, editable=False)
    object_id = models.CharField("record id", max_length=64, editable=False)
    object_repr = models.CharField("record", max_length=200, blank=True, editable=False)
    action = models.CharField(max_length=1, choices=AuditAction.choices, editable=False)
    changes = models.JSONField(default=list, blank=True, editable=False)
    history_id = models.BigIntegerField(
        null=True, blank=True, editable=False, help_text="The simple-history row this entry was made from."
    )
    prev_hash = models.CharField("hash of the entry before", max_length=64, unique=True, editable=False)
    entry_hash = models.CharField("hash of this entry", max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = "change log entry"
        verbose_name_plural = "change log"
        ordering = ["-sequence"]
        indexes = [
            # The admin's history of one record filters on both.
            models.Index(fields=["model_label", "object_id"], name="auditentry_record"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.model_label} {self.object_id}"

    def hashed_content(self) -> dict:
        """Every field the hash covers: all of them but the hash itself and the row id."""
        return {
            "sequence": self.sequence,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "username": self.username,
            "surface": self.surface,
            "context": self.context,
            "model_label": self.model_label,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "action": self.action,
            "changes": self.changes,
            "history_id": self.history_id,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.hashed_content())).hexdigest()


class ExportLog(AppendOnlyModel):
    """One export: who made it, when, with which filters, how many records, which files."""

    uuid = models.UUIDField("export id", default=uuid.uuid4, unique=True, editable=False)
    made_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    user_id = models.BigIntegerField(null=True, blank=True, editable=False)
    username = models.CharField("made by", max_length=150, editable=False)
    surface = models.CharField(max_length=16, choices=Surface.choices, editable=False)
    kind = models.CharField(max_length=16, choices=ExportKind.choices, editable=False)
    format = models.CharField(max_length=8, choices=ExportFormat.choices, editable=False)
    filters = models.JSONField(default=dict, blank=True, editable=False)
    counts = models.JSONField(default=dict, blank=True, editable=False, help_text="Rows per record type.")
    total_records = models.PositiveBigIntegerField(default=0, editable=False)
    software_version = models.CharField(max_length=40, editable=False)
    files = models.JSONField(default=list, blank=True, editable=False, help_text="Name, size and SHA-256.")
    manifest_sha256 = models.CharField("manifest SHA-256", max_length=64, editable=False)

    class Meta:
        verbose_name = "export"
        verbose_name_plural = "export log"
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format}) by {self.username}, {self.made_at:%Y-%m-%d %H:%M}"
