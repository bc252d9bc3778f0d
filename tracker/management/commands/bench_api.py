"""`manage.py bench_api`: the API's latency and query counts against the raw-SQL floor."""

import platform
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.api import (
    TARGET_MEDIAN_MS,
    TARGET_RATIO,
    Bench,
    Result,
    bench_settings,
    cases,
    filter_values,
    p95,
    partner_token,
)
from incidents.models import Incident
from tracker.warmup import prepare_process


class Command(BaseCommand):
    help = (
        "Time the API's main lists and filters in process, as a partner, against the same pages "
        "fetched with raw SQL through psycopg. Makes a 'bench-partner' user and token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per case (default 30).")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests first (default 3).")
        parser.add_argument("--only", default="", help="Only the cases whose name contains this text.")
        parser.add_argument("--username", default="bench-partner", help="The partner user to act as.")
        parser.add_argument("--markdown", action="store_true", help="Print the table as Markdown.")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="EXPLAIN ANALYZE the slowest statement of each missed case.",
        )

    def handle(
        self,
        *args,
        repeat: int,
        warmup: int,
        only: str,
        username: str,
        markdown: bool,
        explain: bool,
        **options,
    ):
        if repeat < 1 or warmup < 0:
            raise CommandError("--repeat must be at least 1 and --warmup at least 0.")
        incidents = Incident.objects.count()
        if not incidents:
            raise CommandError("No incidents: run `manage.py bench_generate` first.")
        if connection.vendor != "postgresql":
            self.stderr.write("Not PostgreSQL: the raw-SQL floor (psycopg) is skipped.")
        token = partner_token(username)
        chosen = [case for case in cases(filter_values()) if only in case.name]
        results: list[Result] = []
        # As gunicorn's workers do (tracker/wsgi.py): without it, a full garbage collection
        # every 15 or so requests adds about 90 ms to one of them.
        prepare_process()
        with bench_settings():
            bench = Bench(token=token, repeat=repeat, warmup=warmup)
            for case in chosen:
                result = bench.run(case)
                results.append(result)
                # With --markdown the table comes at the end: progress goes to stderr meanwhile.
                (self.stderr if markdown else self.stdout).write(self.line(result))
            if markdown:
                self.markdown(results, incidents, repeat)
            missed = [result for result in results if result.misses]
            self.stdout.write("")
            if not missed:
                self.stdout.write(self.style.SUCCESS(f"All {len(results)} cases meet the targets."))
            for result in missed:
                self.stdout.write(self.style.WARNING(f"{result.case.name}: {'; '.join(result.misses)}"))
                self.stdout.write(
                    f"  slowest statement ({result.slowest_sql_ms:.1f} ms): {result.slowest_sql[:300]}"
                )
                if explain and bench.raw is not None and result.slowest_sql:
                    self.stdout.write(bench.explain(result.slowest_sql))

    def line(self, result: Result) -> str:
        sizes = " ".join(f"{size}:{count}" for size, count in result.queries_by_page_size.items())
        api = f"api {result.api_median:7.1f} ms (p95 {p95(result.api_ms):7.1f})"
        floor = f"floor {result.floor_median:6.1f} ms (p95 {p95(result.floor_ms):6.1f})"
        return (
            f"{result.case.name:<42} rows {result.rows:>6}  {api}  {floor}  ×{result.ratio:4.1f}"
            f"  queries {result.queries:>2} [{sizes}]"
        )

    def markdown(self, results: list[Result], incidents: int, repeat: int) -> None:
        write = self.stdout.write
        server = connection.vendor
        if server == "postgresql":
            version = connection.cursor().connection.info.server_version
            server += f" {version // 10000}.{version % 10000}"
        write(
            f"{date.today():%Y-%m-%d}, {incidents:,} incidents, {server}, "
            f"Python {platform.python_version()}, {repeat} timed requests per case; targets: median "
            f"< {TARGET_MEDIAN_MS:.0f} ms, ≤ {TARGET_RATIO:.0f}× the floor, queries flat in page size."
        )
        write("")
        write(
            "| case | rows | API median ms | API p95 ms | floor median ms | floor p95 ms | ratio | "
            "queries | at page size 10 / 100 | targets |"
        )
        write("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for result in results:
            sizes = " / ".join(str(count) for count in result.queries_by_page_size.values()) or "n/a"
            verdict = "met" if not result.misses else "missed: " + "; ".join(result.misses)
            api = f"{result.api_median:.1f} | {p95(result.api_ms):.1f}"
            floor = f"{result.floor_median:.1f} | {p95(result.floor_ms):.1f}"
            write(
                f"| {result.case.name} | {result.rows} | {api} | {floor} | {result.ratio:.1f} | "
                f"{result.queries} | {sizes} | {verdict} |"
            )
