"""One module per format; each writes its files into a folder and returns their names and row counts.

Each is called as write(report, folder, header, **options); only CSV takes an option (writer).
"""

from collections.abc import Callable

from reports.choices import ExportFormat
from reports.exporters import csv, json, pdf, xlsx

Exporter = Callable[..., tuple[list[str], dict[str, int]]]

EXPORTERS: dict[str, Exporter] = {
    ExportFormat.CSV: csv.write,
    ExportFormat.XLSX: xlsx.write,
    ExportFormat.JSON: json.write,
    ExportFormat.PDF: pdf.write,
}
