"""The CSV export against PostgreSQL's own COPY of the same columns (`manage.py bench_export`).

For a benchmark database made by `manage.py bench_generate`, it measures, several times over and
interleaved (so that a busy machine slows each alike):
- the floor: `COPY (<each record type's query>) TO STDOUT (FORMAT csv)` into files, in this
  process, with the export's own session settings: the same SQL, columns and redaction;
- the export as users run it: `manage.py export_report --format csv` in a child process, timed
  by itself (start-up excluded), its peak memory the child's maximum resident set size;
- the same export with `--csv-writer python`, Python's csv module instead of COPY;
- the memory of an export that selects nothing: the process's own baseline.
Rows per second count every row of every CSV file. Results are medians.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection, transaction

from incidents.models import Incident
from reports.records import Report
from reports.services import EXPORT_SESSION_SETTINGS
from tracker import roles

BENCH_USER = "bench-auditor"
TIMING = re.compile(r"Wrote (\d+) records in ([\d.]+) s\.")


def bench_user(username: str) -> User:
    """The auditor the export is made as: the benchmark measures a real, redacted export."""
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.groups.add(Group.objects.get(name=roles.AUDITORS))
    return user


def copy_floor(user: User, folder: Path) -> tuple[int, float]:
    """(rows, seconds) for PostgreSQL to COPY every record type's rows into files."""
    report = Report(user=user, incidents=Incident.objects.all())
    rows = 0
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for setting in EXPORT_SESSION_SETTINGS:
                cursor.execute(setting)
        for record_type in report.record_types():
            with open(folder / f"{record_type.name}.csv", "wb") as stream:
                for queryset in record_type.text_querysets():
                    sql, params = queryset.query.sql_with_params()
                    query = connection.ops.compose_sql(sql, params)
                    with connection.cursor() as cursor:
                        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
                            for block in copy:
                                stream.write(block)
                        rows += cursor.cursor.rowcount
    return rows, time.perf_counter() - started


def child_export(username: str, folder: Path, *options: str) -> tuple[int, float, float]:
    """(records, seconds, peak resident MB) of `manage.py export_report` run as a child process."""
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "export_report"]
    command += ["--format", "csv", "--out", str(folder), "--as", username, "--verbosity", "2", *options]
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=os.environ.copy())
        # wait4 rather than wait: it also gives the child's own peak memory.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise RuntimeError(f"export_report failed:\n{text}")
    found = TIMING.search(text)
    if not found:
        raise RuntimeError(f"export_report printed no timing:\n{text}")
    # ru_maxrss is in kilobytes on Linux.
    return int(found[1]), float(found[2]), usage.ru_maxrss / 1024


def run(*, username: str = BENCH_USER, repeat: int = 3, python_writer: bool = True, out=print) -> dict:
    if connection.vendor != "postgresql":
        raise RuntimeError("The export benchmark compares with PostgreSQL's COPY: set DATABASE_URL.")
    incidents = Incident.objects.count()
    if not incidents:
        raise RuntimeError("The database has no incidents: run `manage.py bench_generate` first.")
    user = bench_user(username)
    out(f"{incidents:,} incidents in {connection.settings_dict['NAME']}; exporting as {username} (Auditors).")
    runs: dict[str, list] = {"copy": [], "export": [], "python": []}
    with tempfile.TemporaryDirectory(prefix="export-bench-") as scratch:
        scratch = Path(scratch)
        _, _, baseline = child_export(username, scratch / "empty", "--country", "AQ")
        for n in range(repeat):
            (scratch / f"copy-{n}").mkdir()
            runs["copy"].append(copy_floor(user, scratch / f"copy-{n}"))
            runs["export"].append(child_export(username, scratch / f"export-{n}"))
            if python_writer:
                runs["python"].append(
                    child_export(username, scratch / f"python-{n}", "--csv-writer", "python")
                )
            out(
                f"  run {n + 1}: COPY {runs['copy'][-1][1]:.1f} s, export {runs['export'][-1][1]:.1f} s"
                + (f", python writer {runs['python'][-1][1]:.1f} s" if python_writer else "")
            )
    rows = runs["copy"][0][0]
    copy_seconds = statistics.median(seconds for _, seconds in runs["copy"])
    results = {
        "incidents": incidents,
        "rows": rows,
        "repeat": repeat,
        "copy": {"seconds": copy_seconds, "rows_per_second": rows / copy_seconds},
        "baseline_peak_mb": baseline,
    }
    for name in ("export", "python"):
        if not runs[name]:
            continue
        records = {count for count, _, _ in runs[name]}
        if records != {rows}:
            raise RuntimeError(f"{name} wrote {records} records, COPY {rows}: they should agree.")
        seconds = statistics.median(seconds for _, seconds, _ in runs[name])
        results[name] = {
            "seconds": seconds,
            "rows_per_second": rows / seconds,
            "share_of_copy": copy_seconds / seconds,
            "peak_mb": max(peak for _, _, peak in runs[name]),
        }
    out(report_table(results))
    return results


def report_table(results: dict) -> str:
    copy = results["copy"]
    lines = [
        f"{results['incidents']:,} incidents, {results['rows']:,} CSV rows, "
        f"median of {results['repeat']} runs",
        f"{'':28}{'seconds':>9}{'rows/s':>11}{'of COPY':>9}{'peak MB':>9}",
        f"{'COPY (floor)':28}{copy['seconds']:9.1f}{copy['rows_per_second']:11,.0f}{'100%':>9}{'':>9}",
    ]
    for name, label in (
        ("export", "export_report (COPY path)"),
        ("python", "export_report --csv-writer python"),
    ):
        if name not in results:  # --no-python-writer
            continue
        run = results[name]
        lines.append(
            f"{label:28}{run['seconds']:9.1f}{run['rows_per_second']:11,.0f}"
            f"{run['share_of_copy']:9.0%}{run['peak_mb']:9.0f}"
        )
    lines.append(f"{'empty export (baseline)':28}{'':9}{'':11}{'':9}{results['baseline_peak_mb']:9.0f}")
    return "\n".join(lines)


def dump(results: dict, path: Path) -> None:
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
