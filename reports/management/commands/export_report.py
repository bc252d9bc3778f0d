"""`manage.py export_report`: a report of incidents as one role sees them, with its manifest."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.choices import ExportFormat, Surface
from reports.filters import ReportFilterError, ReportFilters
from reports.services import ExportError, report_export

FILTERS = ("date_after", "date_before", "country", "region", "violation_type", "status")


def export_user(username: str):
    """The user whose view an export is made with: it must exist and be active."""
    try:
        user = get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"--as: no user is called {username!r}.") from None
    if not user.is_active:
        raise CommandError(f"--as: {username} is not an active user.")
    return user


def option_error(error: Exception) -> str:
    """'date_after: not a date' as the command line spells it: '--date-after: not a date'."""
    name, separator, message = str(error).partition(": ")
    return f"--{name.replace('_', '-')}: {message}" if separator else str(error)


class Command(BaseCommand):
    help = (
        "Export incidents with their violations, victims, perpetrators, sources and responses, "
        "as the role of --as sees them, into a new folder with a manifest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=ExportFormat.values, dest="export_format")
        parser.add_argument("--out", required=True, type=Path, help="A new or empty folder.")
        parser.add_argument(
            "--as",
            required=True,
            dest="username",
            help="The user whose view the report is made with: identities above their level are withheld.",
        )
        parser.add_argument("--date-after", help="YYYY-MM-DD: incidents going on at or after this day.")
        parser.add_argument("--date-before", help="YYYY-MM-DD: incidents that started on or before this day.")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 code, e.g. RU.")
        parser.add_argument("--region", help="ISO 3166-2 code, e.g. RU-CE.")
        parser.add_argument("--violation-type", help="The code of a violation type.")
        parser.add_argument("--status", help="reported, corroborated, verified or disputed.")
        parser.add_argument(
            "--csv-writer",
            choices=["auto", "python"],
            default="auto",
            help="auto: PostgreSQL writes the CSV (COPY), Python elsewhere; python: Python everywhere.",
        )

    def handle(self, *args, export_format: str, out: Path, username: str, verbosity: int, **options) -> None:
        user = export_user(username)
        started = time.perf_counter()
        try:
            filters = ReportFilters.parse(**{name: options.get(name) for name in FILTERS})
            log = report_export(
                user=user,
                export_format=export_format,
                out_dir=out,
                surface=Surface.COMMAND,
                context="export_report",
                filters=filters,
                csv_writer=options["csv_writer"],
            )
        except (ReportFilterError, ExportError) as error:
            raise CommandError(option_error(error)) from None
        except PermissionDenied as error:
            raise CommandError(f"--as: {error}") from None
        if verbosity >= 1:
            counts = ", ".join(f"{count:,} {name}" for name, count in log.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Export {log.uuid} written to {out}: {counts}."))
            self.stdout.write(f"Check it with: manage.py verify_export {out}")
        if verbosity >= 2:
            # Read by bench/export_bench.py: the export's own time, without the start-up.
            seconds = time.perf_counter() - started
            self.stdout.write(f"Wrote {log.total_records} records in {seconds:.3f} s.")
