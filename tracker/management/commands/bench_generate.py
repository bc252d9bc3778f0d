"""`manage.py bench_generate`: fill an empty database with a realistic synthetic one."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.generate import Generator
from incidents.models import Incident


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic database for benchmarks (100,000 incidents by default). "
        "Refuses a database that already has incidents unless --force."
    )
    # The data needs the models only: no reason to fail on a URL or admin check.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--incidents", type=int, default=100_000, help="How many incidents (default 100000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed makes the same data."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already has incidents (never real data!).",
        )

    def handle(self, *args, incidents: int, seed: int, force: bool, verbosity: int, **options) -> None:
        if incidents < 1:
            raise CommandError("--incidents must be at least 1.")
        existing = Incident.objects.count()
        if existing and not force:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} already has {existing} incidents: "
                "generate into an empty database, or pass --force if it is a benchmark database."
            )
        generator = Generator(incidents=incidents, seed=seed, progress=verbosity >= 1)
        counts = generator.run()
        if verbosity >= 1:
            self.stdout.write(f"Vocabularies: {generator.vocabularies}.")
            phases = ", ".join(f"{phase} at {seconds:.1f} s" for phase, seconds in generator.phases.items())
            self.stdout.write(f"Phases: {phases}.")
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label:<40} {count:>10,}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Made {sum(counts.values()):,} rows on {connection.vendor} in {generator.seconds:.1f} s "
                    f"(seed {seed}). History was not recorded for them."
                )
            )
