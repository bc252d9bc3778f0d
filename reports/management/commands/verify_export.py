"""`manage.py verify_export DIR`: do the files of an export still match its manifest?"""

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from reports.manifest import verify_files
from reports.models import ExportLog


class Command(BaseCommand):
    help = (
        "Check each file of an export against the SHA-256 in its manifest.json and, where this "
        "database made the export, the manifest against the export log. Fails if anything differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        if not directory.is_dir():
            raise CommandError(f"directory: {directory} is not a folder.")
        check = verify_files(directory)
        if check.manifest:
            check.lines.append(self._against_log(check))
        for line in check.lines:
            self.stdout.write(line)
        if not check.intact:
            for problem in check.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The export in {directory} does NOT verify: {len(check.problems)} problem(s)."
            )
        self.stdout.write(self.style.SUCCESS(f"The export in {directory} verifies: every file matches."))

    @staticmethod
    def _against_log(check) -> str:
        export_id = str(check.manifest.get("export_id", ""))
        try:
            log = ExportLog.objects.filter(uuid=uuid.UUID(export_id)).first()
        except (DatabaseError, ValueError):
            # No database at hand, or a manifest without a well-formed id: the files still count.
            log = None
        if log is None:
            return (
                "manifest.json: this database has no log of this export; the files were checked against it."
            )
        if log.manifest_sha256 != check.manifest_sha256:
            check.problems.append(
                f"manifest.json: changed since export {export_id} was logged "
                "(its SHA-256 differs from the log's)."
            )
            return "manifest.json: differs from the export log."
        return (
            f"manifest.json: matches the export log "
            f"(export {export_id} by {log.username}, {log.made_at:%Y-%m-%d %H:%M} UTC)."
        )
