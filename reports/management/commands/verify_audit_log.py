"""`manage.py verify_audit_log`: is every entry of the change log as it was written?"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import audit
from reports.services import AUDIT_LOG_FILE


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of the change log and report any entry altered or removed. "
        "With --export DIR, check an exported period of the log instead of the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            default="",
            help="A hash the log's last entry had when you last checked: it must still be in the chain.",
        )
        parser.add_argument("--export", type=Path, help="A folder made by export_audit_log --format json.")

    def handle(self, *args, expect_head: str, export: Path | None, **options) -> None:
        if export:
            report = audit.verify_chain(
                _exported_entries(export), from_genesis=False, expect_head=expect_head
            )
            where = f"the change log exported in {export}"
        else:
            report = audit.verify_chain(audit.stored_entries(), expect_head=expect_head)
            where = "the change log"
        if not report.intact:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{where} does NOT verify: {len(report.problems)} problem(s) in {report.checked} entries."
            )
        if report.head:
            self.stdout.write(
                f"Last entry: #{report.head['sequence']}, hash {report.head['entry_hash']} "
                "(note it, and pass it as --expect-head next time)."
            )
        if report.withheld:
            self.stdout.write(
                f"{report.withheld} entries were withheld from the exporting user: their links were checked, "
                "not their content."
            )
        self.stdout.write(self.style.SUCCESS(f"{where} verifies: {report.checked} entries, chain intact."))


def _exported_entries(folder: Path):
    path = folder / f"{AUDIT_LOG_FILE}.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    except (OSError, ValueError, KeyError) as error:
        raise CommandError(f"--export: cannot read {path}: {error}") from None
    for entry in entries:
        stored = entry.pop("entry_hash", "")
        yield entry, stored
