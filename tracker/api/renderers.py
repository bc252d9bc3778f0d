"""CSV and GeoJSON, streamed row by row so that an export of any size starts at once.

Each resource declares its flat columns (name, description, how to read the value); the same
columns make the CSV header, the GeoJSON feature properties and the column table in docs/api.md.
Our own renderer rather than djangorestframework-csv: that one renders a whole (paginated)
response in memory and flattens nested JSON into generated column names, while partners need
documented, stable columns over the whole filtered list.
"""

import csv
import datetime
import decimal
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = ";"
# Spreadsheets run a cell that starts with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable  # (record, context) -> str | int | float | bool | date | list | None


def cell(value) -> str:
    """One CSV cell: lists joined by ';', booleans as true/false, text defused for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object that hands back what csv.writer writes, one row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(records: Iterable, columns: list[Column], context: dict) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow([column.name for column in columns])
    for record in records:
        yield writer.writerow([cell(column.value(record, context)) for column in columns])


def json_value(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def geojson_lines(records: Iterable, columns: list[Column], context: dict, point: Callable) -> Iterator[str]:
    """A FeatureCollection, one feature per record; `point(record)` is (lon, lat) or None."""
    yield '{"type": "FeatureCollection", "features": ['
    separator = ""
    for record in records:
        coordinates = point(record)
        feature = {
            "type": "Feature",
            "id": record.pk,
            "geometry": {"type": "Point", "coordinates": [float(c) for c in coordinates]}
            if coordinates
            else None,
            "properties": {column.name: json_value(column.value(record, context)) for column in columns},
        }
        yield separator + json.dumps(feature, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


class CSVRenderer(BaseRenderer):
    """text/csv. Lists and records are streamed by the views; this renders plain lists of rows."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = (
            data if isinstance(data, list) else data.get("results", [data]) if isinstance(data, dict) else []
        )
        if not rows:
            return b""
        columns = [Column(name, "", lambda row, context, name=name: row.get(name)) for name in rows[0]]
        return "".join(csv_lines(rows, columns, {})).encode(self.charset)


class GeoJSONRenderer(BaseRenderer):
    """application/geo+json; the incident views stream it themselves."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data, cls=DjangoJSONEncoder).encode(self.charset)


EXPORT_FORMATS = (CSVRenderer.format, GeoJSONRenderer.format)
