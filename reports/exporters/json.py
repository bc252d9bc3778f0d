"""JSON: one document, a list per record type, written row by row (memory stays flat)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from reports.records import Report

FILE_NAME = "report.json"


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # As text, so that 55.100000 stays exact and is not read back as a float.
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def write(report: Report, directory: Path, context: dict) -> tuple[list[str], dict[str, int]]:
    counts = {}
    with open(directory / FILE_NAME, "w", encoding="utf-8") as stream:
        stream.write('{\n"report": ')
        stream.write(json.dumps(context, ensure_ascii=False, default=_plain))
        for record_type in report.record_types():
            stream.write(f',\n"{record_type.name}": [')
            columns, written = record_type.columns, 0
            for row in record_type.rows():
                stream.write("\n" if written == 0 else ",\n")
                stream.write(
                    json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=_plain)
                )
                written += 1
            stream.write("\n]")
            counts[record_type.name] = written
        stream.write("\n}\n")
    return [FILE_NAME], counts
