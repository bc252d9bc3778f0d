"""CSV: one file per record type, written as the rows arrive (memory stays flat).

On PostgreSQL the database writes the CSV itself: the record type's query, policy and all, runs
as `COPY (…) TO STDOUT` and its output is streamed to the file, which is as fast as the database
can produce the rows. Victims are the exception: their identities are encrypted at rest, so
Python decrypts the ones the policy lets through and writes those rows — from a second
connection that shares the export's snapshot, in a thread, while this one COPYs the other record
types, so that Python's work and the database's overlap. Elsewhere Python's csv module writes the
same rows in the same format: yes/no as true/false, dates as YYYY-MM-DD, empty for nothing, one
line per row ending in LF.
"""

import csv
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from django.db import connection, transaction

from reports.records import CHUNK_SIZE, EXPORT_SESSION_SETTINGS, RecordType, Report

LINE_END = "\n"


def write(
    report: Report,
    directory: Path,
    context: dict,
    *,
    writer: str = "auto",
    shared_snapshot: bool = False,
) -> tuple[list[str], dict[str, int]]:
    """Write <record type>.csv files; return their names and the rows written to each.

    writer: "auto" (COPY on PostgreSQL, Python elsewhere) or "python" (to compare the two).
    shared_snapshot: the caller's transaction is a repeatable-read one of its own on PostgreSQL,
    whose snapshot a second connection may share (see reports.services._snapshot).
    """
    record_types = report.record_types()
    copying = writer == "auto" and connection.vendor == "postgresql"
    # Rows Python finishes (victims' identities, decrypted) cannot come from COPY.
    beside = {rt.name for rt in record_types if rt.finish} if copying and shared_snapshot else set()
    counts = {}
    with _written_beside([rt for rt in record_types if rt.name in beside], directory) as counts_beside:
        for record_type in record_types:
            if record_type.name in beside:
                continue
            writes = python_rows if record_type.finish or not copying else copy_rows
            counts[record_type.name] = _write_file(record_type, directory, writes)
    counts.update(counts_beside)
    return [f"{rt.name}.csv" for rt in record_types], {rt.name: counts[rt.name] for rt in record_types}


def _write_file(record_type: RecordType, directory: Path, writes) -> int:
    with open(directory / f"{record_type.name}.csv", "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator=LINE_END).writerow(record_type.columns)
        stream.flush()
        return writes(record_type, stream)


@contextmanager
def _written_beside(record_types: list[RecordType], directory: Path) -> Iterator[dict[str, int]]:
    """Write these record types' files from a second connection, in a thread, while the block runs.

    The connection imports this transaction's snapshot (pg_export_snapshot), so its rows are
    those this one reads. Its own writes — the identity access trail — are committed only if the
    block succeeds and rolled back otherwise, as they would be in this transaction. The rows
    written to each file are in the dict yielded, once the block has ended.
    """
    if not record_types:
        yield {}
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    worker = _SnapshotWriter(snapshot, record_types, directory)
    worker.start()
    succeeded = False
    try:
        yield worker.counts
        succeeded = True
    finally:
        worker.finish(commit=succeeded)
    if worker.error is not None:
        raise worker.error


class _SnapshotWriter(threading.Thread):
    """The thread of `_written_beside`, with its own connection and transaction."""

    def __init__(self, snapshot: str, record_types: list[RecordType], directory: Path) -> None:
        super().__init__(name="export-beside", daemon=True)
        self.snapshot, self.record_types, self.directory = snapshot, record_types, directory
        self.counts: dict[str, int] = {}
        self.error: BaseException | None = None
        self._verdict = threading.Event()
        self._commit = False

    def finish(self, *, commit: bool) -> None:
        """Let the thread commit (or roll back) once its files are written, and wait for it."""
        self._commit = commit
        self._verdict.set()
        self.join()

    def run(self) -> None:
        # `connection` is this thread's own: Django opens one per thread, closed below.
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # Before any query, as PostgreSQL requires of an imported snapshot.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [self.snapshot])
                    for setting in EXPORT_SESSION_SETTINGS:
                        cursor.execute(setting)
                for record_type in self.record_types:
                    self.counts[record_type.name] = _write_file(record_type, self.directory, python_rows)
                self._verdict.wait()
                if not self._commit:
                    transaction.set_rollback(True)
        except BaseException as error:
            # Handed to the exporting thread, which raises it once this one has ended.
            self.error = error
        finally:
            connection.close()


def copy_rows(record_type: RecordType, stream) -> int:
    """Stream the rows as PostgreSQL's COPY writes them, straight into the file's bytes."""
    written = 0
    for queryset in record_type.text_querysets():
        sql, params = queryset.query.sql_with_params()
        query = connection.ops.compose_sql(sql, params)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    stream.buffer.write(block)
            written += raw.rowcount
    return written


def python_rows(record_type: RecordType, stream) -> int:
    writer = csv.writer(stream, lineterminator=LINE_END)
    rows, written = record_type.rows(), 0
    flags = record_type.flags
    # writerows on a chunk keeps the per-row work in C.
    while chunk := list(islice(rows, CHUNK_SIZE)):
        if flags:
            chunk = [_with_flags_as_text(row, flags) for row in chunk]
        writer.writerows(chunk)
        written += len(chunk)
    return written


def _with_flags_as_text(row: tuple, flags: tuple[int, ...]) -> list:
    row = list(row)
    for i in flags:
        if row[i] is not None:
            row[i] = "true" if row[i] else "false"
    return row
