"""`manage.py bench_export`: the CSV export's speed and memory against PostgreSQL's COPY."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import export_bench


class Command(BaseCommand):
    help = (
        "Measure the CSV export (rows per second, peak memory) against COPY of the same columns, "
        "on a PostgreSQL database filled by bench_generate. See bench/README.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", default=export_bench.BENCH_USER, help="Made if missing.")
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each measurement (median kept).")
        parser.add_argument("--json", type=Path, help="Also write the results to this file.")
        parser.add_argument(
            "--no-python-writer", action="store_true", help="Skip the run with --csv-writer python (slow)."
        )

    def handle(self, *args, username: str, repeat: int, json: Path | None, no_python_writer: bool, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        try:
            results = export_bench.run(
                username=username, repeat=repeat, python_writer=not no_python_writer, out=self.stdout.write
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        if json:
            export_bench.dump(results, json)
