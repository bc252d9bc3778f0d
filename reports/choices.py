from django.db import models


class Surface(models.TextChoices):
    """Where a change or an export was made."""

    ADMIN = "admin", "Admin"
    API = "api", "API"
    INGESTION = "ingestion", "Ingestion"
    COMMAND = "command", "Management command"


class AuditAction(models.TextChoices):
    """simple-history's own symbols, so an entry and its historical row read alike."""

    CREATED = "+", "Created"
    CHANGED = "~", "Changed"
    DELETED = "-", "Deleted"


class ExportKind(models.TextChoices):
    REPORT = "report", "Incident report"
    AUDIT_LOG = "audit_log", "Change log"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"
