"""`manage.py export_audit_log`: the change log for a period, with its hashes and a manifest."""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.choices import Surface
from reports.management.commands.export_report import export_user, option_error
from reports.services import AUDIT_LOG_FORMATS, ExportError, audit_log_export


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Export the change log entries of a period (both days included) into a new folder, "
        "with a manifest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", required=True, choices=[str(f) for f in AUDIT_LOG_FORMATS], dest="export_format"
        )
        parser.add_argument("--out", required=True, type=Path, help="A new or empty folder.")
        parser.add_argument("--as", required=True, dest="username", help="Who makes the export (logged).")
        parser.add_argument("--since", type=day, help="YYYY-MM-DD, first day of the period.")
        parser.add_argument("--until", type=day, help="YYYY-MM-DD, last day of the period.")

    def handle(
        self, *args, export_format: str, out: Path, username: str, since, until, verbosity: int, **options
    ):
        user = export_user(username)
        try:
            log = audit_log_export(
                user=user,
                export_format=export_format,
                out_dir=out,
                surface=Surface.COMMAND,
                context="export_audit_log",
                since=since,
                until=until,
            )
        except ExportError as error:
            raise CommandError(option_error(error)) from None
        except PermissionDenied as error:
            raise CommandError(f"--as: {error}") from None
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Export {log.uuid}: {log.total_records:,} change log entries written to {out}."
                )
            )
