"""Reading exports back, each format the way an auditor's tools would, into one shape to compare.

Every reader returns {record type: [row as {column: text}]}, with empty cells as "".
"""

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
from pypdf import PdfReader

RECORD_TYPES = ("incidents", "violations", "victims", "perpetrators", "responses", "sources")


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        # As CSV writes yes/no.
        return "true" if value else "false"
    if isinstance(value, datetime):
        # XLSX has no date-only cells: openpyxl reads dates back as midnight datetimes.
        return value.date().isoformat()
    return str(value)


def read_csv(folder: Path) -> dict[str, list[dict]]:
    records = {}
    for name in RECORD_TYPES:
        with open(folder / f"{name}.csv", newline="", encoding="utf-8") as stream:
            records[name] = list(csv.DictReader(stream))
    return records


def read_json(folder: Path) -> dict[str, list[dict]]:
    document = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {name: [{k: text(v) for k, v in row.items()} for row in document[name]] for name in RECORD_TYPES}


def read_xlsx(folder: Path) -> dict[str, list[dict]]:
    workbook = openpyxl.load_workbook(folder / "report.xlsx", read_only=True)
    records = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        records[sheet.title.lower()] = [
            dict(zip(header, (text(v) for v in row), strict=True)) for row in rows[1:]
        ]
    return records


def pdf_text(folder: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(folder / "report.pdf").pages)


READERS = {"csv": read_csv, "json": read_json, "xlsx": read_xlsx}


def every_text(folder: Path) -> str:
    """All the text an export's files hold, decompressed where the format compresses it."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(name).decode("utf-8") for name in archive.namelist()]
        elif path.suffix == ".pdf":
            parts.append(pdf_text(folder))
            parts.append(path.read_bytes().decode("latin-1"))
        else:
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
