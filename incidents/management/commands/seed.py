"""`manage.py seed`: load the controlled vocabularies and the curated records of the seed articles."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents import seeding


class Command(BaseCommand):
    help = (
        "Load the controlled vocabularies (seeds/vocabularies.yaml), then the curated records files "
        "(every seeds/records/*.yaml unless files are named), all in one transaction. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "record_files", nargs="*", type=Path, metavar="RECORD_FILE", help="Records files to load."
        )
        parser.add_argument(
            "--vocabularies",
            type=Path,
            default=seeding.VOCABULARIES_PATH,
            metavar="FILE",
            help="The vocabularies file (default: seeds/vocabularies.yaml).",
        )
        parser.add_argument(
            "--vocabularies-only", action="store_true", help="Load the vocabularies and no records."
        )

    def handle(
        self, *args, record_files: list[Path], vocabularies: Path, vocabularies_only: bool, **options
    ) -> None:
        if vocabularies_only and record_files:
            raise CommandError("Name records files or give --vocabularies-only, not both.")
        try:
            counts = seeding.seed(
                vocabularies_path=vocabularies,
                record_files=[] if vocabularies_only else (record_files or None),
            )
        except seeding.SeedError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        terms = counts.vocabularies
        self.stdout.write(
            f"{seeding.shown_path(vocabularies)}: {terms.added} terms added, {terms.updated} updated, "
            f"{terms.unchanged} unchanged."
        )
        for path, loaded in counts.records.items():
            path = seeding.shown_path(path)
            if loaded.already_loaded:
                self.stdout.write(f"{path}: already loaded (source #{loaded.source.pk}).")
                continue
            reused = f"; {loaded.reused_actors} existing actors reused" if loaded.reused_actors else ""
            self.stdout.write(self.style.SUCCESS(f"{path}: created {loaded.summary()}{reused}."))
