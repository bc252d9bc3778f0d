"""Making exports: the report of incidents, and the change log for a period.

Each export writes its files into a new folder, then a manifest.json naming each file's
SHA-256, then — in one transaction — a row of the export log and an entry of the change log,
so that an export is never made without its trace.
"""

import csv
import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone

from incidents.models import Incident
from reports import audit
from reports.choices import AuditAction, ExportFormat, ExportKind
from reports.exporters import EXPORTERS
from reports.filters import ReportFilters
from reports.manifest import MANIFEST_VERSION, describe_files, software_version, write_manifest
from reports.models import AuditEntry, ExportLog, canonical_json
from reports.records import CHUNK_SIZE, EXPORT_SESSION_SETTINGS, Report
from tracker.policy import user_roles

AUDIT_LOG_FORMATS = (ExportFormat.CSV, ExportFormat.JSON)
AUDIT_LOG_FILE = "audit-log"


class ExportError(ValueError):
    """Bad export input; the message names the option."""


def report_export(
    *,
    user: AbstractBaseUser,
    export_format: str,
    out_dir: Path,
    surface: str,
    context: str = "",
    filters: ReportFilters | None = None,
    incidents: QuerySet | None = None,
    selection: dict | None = None,
    csv_writer: str = "auto",
) -> ExportLog:
    """Export the incidents the user may see (narrowed by filters or an admin selection).

    csv_writer: "python" writes CSV with Python's csv module even on PostgreSQL (to compare).
    """
    if not (user.is_active and (user.is_superuser or user.has_perm("incidents.view_incident"))):
        raise PermissionDenied(f"{user.get_username()} may not read incidents, so may not export them.")
    if export_format not in EXPORTERS:
        raise ExportError(f"format: must be one of {', '.join(EXPORTERS)}; got {export_format!r}.")
    filters = filters or ReportFilters()
    recorded_filters = {**filters.as_dict(), **(selection or {})}
    if incidents is not None:
        # Whatever the caller's list annotated or grouped, the report starts from plain rows.
        incidents = Incident.objects.filter(pk__in=incidents.order_by().values("pk"))
    report = Report(
        user=user, incidents=filters.apply(Incident.objects.all() if incidents is None else incidents)
    )
    header = _header(user, ExportKind.REPORT, export_format, recorded_filters)
    with _new_folder(out_dir):
        with _snapshot() as shareable:
            options = (
                {"writer": csv_writer, "shared_snapshot": shareable}
                if export_format == ExportFormat.CSV
                else {}
            )
            names, counts = EXPORTERS[export_format](report, out_dir, header, **options)
        return _log(user, header, surface, context, out_dir, names, counts)


def audit_log_export(
    *,
    user: AbstractBaseUser,
    export_format: str,
    out_dir: Path,
    surface: str,
    context: str = "",
    since: date | None = None,
    until: date | None = None,
) -> ExportLog:
    """Export the change log entries made in a period (both days included), hashes and all."""
    if not (user.is_active and (user.is_superuser or user.has_perm("reports.view_auditentry"))):
        raise PermissionDenied(f"{user.get_username()} may not read the change log.")
    if export_format not in AUDIT_LOG_FORMATS:
        raise ExportError(
            f"format: the change log exports as {' or '.join(AUDIT_LOG_FORMATS)}; got {export_format!r}."
        )
    if since and until and until < since:
        raise ExportError("until: is earlier than since.")
    entries = AuditEntry.objects.order_by("sequence")
    if since:
        entries = entries.filter(created_at__gte=_day_start(since))
    if until:
        entries = entries.filter(created_at__lt=_day_start(until + timedelta(days=1)))
    recorded_filters = {
        name: value.isoformat() for name, value in (("since", since), ("until", until)) if value
    }
    header = _header(user, ExportKind.AUDIT_LOG, export_format, recorded_filters)
    hidden = audit.hidden_entries_q(user)
    entries = entries.annotate(
        withheld=Value(False) if hidden is None else Case(When(hidden, then=True), default=False)
    )
    with _new_folder(out_dir):
        with _snapshot():
            name, count = _write_audit_log(entries, out_dir, export_format, header)
        return _log(user, header, surface, context, out_dir, [name], {"change log entries": count})


# --- shared steps ----------------------------------------------------------------------------


def _header(user: AbstractBaseUser, kind: str, export_format: str, filters: dict) -> dict:
    """What the export says about itself: in the manifest, and at the top of JSON and PDF files."""
    return {
        "export_id": str(uuid.uuid4()),
        "kind": kind,
        "format": export_format,
        "made_by": user.get_username(),
        "roles": sorted(user_roles(user)) + (["superuser"] if user.is_superuser else []),
        "made_at": timezone.now().isoformat(timespec="seconds"),
        "filters": filters,
        "software_version": software_version(),
    }


@contextmanager
def _new_folder(out_dir: Path) -> Iterator[None]:
    """Write into a folder that is new or empty; on failure, leave nothing half-written."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ExportError(f"out: {out_dir} exists and is not an empty folder.")
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        if created:
            shutil.rmtree(out_dir, ignore_errors=True)
        else:
            for path in out_dir.iterdir():
                path.unlink()
        raise


@contextmanager
def _snapshot() -> Iterator[bool]:
    """Read every record type from one snapshot, so the files agree with each other.

    Yields whether other connections may share the snapshot (reports.exporters.csv does):
    only in a PostgreSQL transaction of the export's own, where there is no uncommitted write
    they could not see.
    """
    if connection.in_atomic_block or connection.vendor != "postgresql":
        # SQLite reads inside a transaction see one snapshot already; so does an outer one.
        with transaction.atomic():
            yield False
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Not READ ONLY: the identity access trail is written as identities are exported.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for setting in EXPORT_SESSION_SETTINGS:
                cursor.execute(setting)
        yield True


def _log(
    user: AbstractBaseUser,
    header: dict,
    surface: str,
    context: str,
    out_dir: Path,
    names: list[str],
    counts: dict[str, int],
) -> ExportLog:
    files = describe_files(out_dir, names)
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        **header,
        "surface": surface,
        "counts": counts,
        "software": {"name": "incident-tracker", "version": header["software_version"]},
        # Noted so that a later cut of the change log's tail shows against this export.
        "audit_log_head": audit.head(),
        "files": files,
    }
    manifest_sha256 = write_manifest(out_dir, manifest)
    with transaction.atomic():
        log = ExportLog.objects.create(
            uuid=header["export_id"],
            user_id=user.pk,
            username=user.get_username(),
            surface=surface,
            kind=header["kind"],
            format=header["format"],
            filters=header["filters"],
            counts=counts,
            total_records=sum(counts.values()),
            software_version=header["software_version"],
            files=files,
            manifest_sha256=manifest_sha256,
        )
        audit.append(
            user=user,
            surface=surface,
            context=context,
            model_label=ExportLog._meta.label_lower,
            object_id=str(log.uuid),
            object_repr=str(log),
            action=AuditAction.CREATED,
            changes=[
                {"field": name, "old": None, "new": value}
                for name, value in (
                    ("kind", log.kind),
                    ("format", log.format),
                    ("filters", log.filters),
                    ("counts", counts),
                    ("manifest_sha256", manifest_sha256),
                )
            ],
            created_at=log.made_at,
        )
    return log


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


# --- the change log's own file ---------------------------------------------------------------

AUDIT_COLUMNS = (
    "sequence",
    "created_at",
    "user_id",
    "username",
    "surface",
    "context",
    "model_label",
    "object_id",
    "object_repr",
    "action",
    "changes",
    "history_id",
    "prev_hash",
    "entry_hash",
)


def _write_audit_log(entries: QuerySet, out_dir: Path, export_format: str, header: dict) -> tuple[str, int]:
    """Every hashed field and the hash itself, so the period can be re-verified offline."""
    name = f"{AUDIT_LOG_FILE}.{export_format}"
    count = 0
    with open(out_dir / name, "w", newline="", encoding="utf-8") as stream:
        if export_format == ExportFormat.CSV:
            writer = csv.writer(stream)
            writer.writerow([*AUDIT_COLUMNS, "withheld"])
        else:
            stream.write('{\n"report": ' + json.dumps(header, ensure_ascii=False) + ',\n"entries": [')
        for entry in entries.iterator(chunk_size=CHUNK_SIZE):
            if entry.withheld:
                # Kept as a link of the chain, without what the user may not read.
                content = dict.fromkeys(AUDIT_COLUMNS, None)
                content.update(
                    sequence=entry.sequence, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
                )
                content["withheld"] = True
            else:
                content = {**entry.hashed_content(), "entry_hash": entry.entry_hash}
            if export_format == ExportFormat.CSV:
                # The changes column holds the canonical JSON the hash was taken over.
                if not content.get("withheld"):
                    content["changes"] = canonical_json(content["changes"]).decode("utf-8")
                withheld = "true" if content.get("withheld") else "false"
                writer.writerow([content[column] for column in AUDIT_COLUMNS] + [withheld])
            else:
                stream.write(("\n" if count == 0 else ",\n") + json.dumps(content, ensure_ascii=False))
            count += 1
        if export_format == ExportFormat.JSON:
            stream.write("\n]\n}\n")
    return name, count
