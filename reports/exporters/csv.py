"""CSV: one file per record type, written as the rows arrive (memory stays flat).

On PostgreSQL the database writes the CSV itself: the record type's query, policy and all, runs
as `COPY (…) TO STDOUT` and its output is streamed to the file, which is as fast as the database
can produce the rows. Victims are the exception: their identities are encrypted at rest, so
Python decrypts the ones the policy lets through and writes those rows. Elsewhere Python's csv
module writes the same rows in the same format: yes/no as true/false, dates as YYYY-MM-DD, empty
for nothing, one line per row ending in LF.
"""

import csv
from itertools import islice
from pathlib import Path

from django.db import connection

from reports.records import CHUNK_SIZE, RecordType, Report

LINE_END = "\n"


def write(
    report: Report, directory: Path, context: dict, *, writer: str = "auto"
) -> tuple[list[str], dict[str, int]]:
    """Write <record type>.csv files; return their names and the rows written to each.

    writer: "auto" (COPY on PostgreSQL, Python elsewhere) or "python" (to compare the two).
    """
    names, counts = [], {}
    write_rows = copy_rows if writer == "auto" and connection.vendor == "postgresql" else python_rows
    for record_type in report.record_types():
        name = f"{record_type.name}.csv"
        with open(directory / name, "w", newline="", encoding="utf-8") as stream:
            csv.writer(stream, lineterminator=LINE_END).writerow(record_type.columns)
            stream.flush()
            # Rows Python finishes (victims' identities, decrypted) cannot come from COPY.
            writes = python_rows if record_type.finish else write_rows
            counts[record_type.name] = writes(record_type, stream)
        names.append(name)
    return names, counts


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
