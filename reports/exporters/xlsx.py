"""XLSX: one sheet per record type, in openpyxl's write-only mode (rows go straight to disk)."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from reports.records import Report

FILE_NAME = "report.xlsx"
# Excel's limit for one cell; longer text is cut and says so.
CELL_LIMIT = 32_767
TRUNCATED = " […truncated: the full text is in the CSV and JSON exports]"
# Excel's limit of 1,048,576 rows per sheet, less the header row.
SHEET_ROWS = 1_048_575
BOLD = Font(bold=True)


def _cell_value(value):
    if isinstance(value, str):
        # Control characters are not allowed in the XML that XLSX is made of.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > CELL_LIMIT:
            value = value[: CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return value


def write(report: Report, directory: Path, context: dict) -> tuple[list[str], dict[str, int]]:
    workbook = Workbook(write_only=True)
    counts = {}
    for record_type in report.record_types():
        sheet, on_sheet, part, written = None, 0, 0, 0
        for row in record_type.rows():
            if sheet is None or on_sheet == SHEET_ROWS:
                part += 1
                sheet = _new_sheet(workbook, record_type.title, part, record_type.columns)
                on_sheet = 0
            sheet.append([_cell_value(value) for value in row])
            on_sheet += 1
            written += 1
        if sheet is None:
            _new_sheet(workbook, record_type.title, 1, record_type.columns)
        counts[record_type.name] = written
    workbook.save(directory / FILE_NAME)
    return [FILE_NAME], counts


def _new_sheet(workbook: Workbook, title: str, part: int, columns: tuple[str, ...]):
    """A sheet with its header row; past Excel's row limit a record type goes on "Title (2)"."""
    sheet = workbook.create_sheet(title if part == 1 else f"{title} ({part})")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = BOLD
        header.append(cell)
    sheet.append(header)
    return sheet
