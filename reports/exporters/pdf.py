"""PDF: a readable summary of the report — totals, two charts, and how it was made.

Drawn with reportlab's own fonts (the PDF standard fonts, whose metrics ship inside reportlab)
and its own vector charts: rendering reads no file and opens no connection. The summary holds
counts and vocabulary labels only, never a victim's identity.
"""

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from django.db.models import Count
from django.db.models.functions import TruncMonth
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from incidents.choices import IncidentStatus
from reports.records import Report

FILE_NAME = "report.pdf"
CHART_WIDTH = 17 * cm
TOP_TYPES = 25
BAR_COLOUR = colors.HexColor("#3b6ea5")


def write(report: Report, directory: Path, context: dict) -> tuple[list[str], dict[str, int]]:
    counts = {record_type.name: record_type.count() for record_type in report.record_types()}
    styles = getSampleStyleSheet()
    story = [
        Paragraph("Incident report", styles["Title"]),
        _table(
            [
                ("Made by", f"{context['made_by']} ({', '.join(context['roles']) or 'no role'})"),
                ("Made at", context["made_at"]),
                ("Export id", context["export_id"]),
                ("Software version", context["software_version"]),
            ]
        ),
        Spacer(1, 0.4 * cm),
        Paragraph("Filters", styles["Heading2"]),
        _table(list(context["filters"].items()) or [("(none)", "every incident the role may see")]),
        Paragraph("Totals", styles["Heading2"]),
        _table([(name.capitalize(), f"{count:,}") for name, count in counts.items()]),
        Spacer(1, 0.2 * cm),
        Paragraph(escape(_withheld_note(report)), styles["Normal"]),
        Paragraph("Incidents by status", styles["Heading2"]),
        _table(_by_status(report)),
        Paragraph("Incidents per month", styles["Heading2"]),
        *_month_chart(report, styles),
        Paragraph("Violations per violation type", styles["Heading2"]),
        *_type_chart(report, styles),
    ]
    document = SimpleDocTemplate(
        str(directory / FILE_NAME),
        pagesize=A4,
        title="Incident report",
        author=context["made_by"],
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    document.build(story)
    return [FILE_NAME], counts


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table(
        [[str(label), str(value)] for label, value in rows], colWidths=[5 * cm, 12 * cm], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _withheld_note(report: Report) -> str:
    withheld = report.victims().filter(identity_visible=False).count()
    if not withheld:
        return "No victim's identity is withheld from this role."
    return (
        f"{withheld:,} victims' identities are above this role's disclosure level and are withheld "
        "in every file of this export."
    )


def _by_status(report: Report) -> list[tuple[str, str]]:
    found = dict(report.incidents.order_by().values_list("status").annotate(n=Count("pk")))
    return [(label, f"{found.get(value, 0):,}") for value, label in IncidentStatus.choices]


def _month_chart(report: Report, styles) -> list:
    per_month = list(
        report.incidents.exclude(start_date=None)
        .order_by()
        .annotate(month=TruncMonth("start_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    undated = report.incidents.filter(start_date=None).count()
    note = Paragraph(f"{undated:,} incidents have no start date and are not in the chart.", styles["Normal"])
    if not per_month:
        return [Paragraph("No dated incidents.", styles["Normal"]), note]
    months = _every_month(per_month[0][0], per_month[-1][0])
    found = {_month_start(month): n for month, n in per_month}
    values = [found.get(month, 0) for month in months]
    step = max(1, len(months) // 24)
    labels = [month.strftime("%Y-%m") if i % step == 0 else "" for i, month in enumerate(months)]

    drawing = Drawing(CHART_WIDTH, 7 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 1.2 * cm, 1.6 * cm, CHART_WIDTH - 1.6 * cm, 5 * cm
    chart.data = [values]
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars.strokeColor = None
    _whole_number_axis(chart, values)
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.angle = 90
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.fontSize = 6
    if step > 1:
        # A tick per month would draw a black band; the labelled months are enough.
        chart.categoryAxis.tickDown = 0
    chart.valueAxis.labels.fontSize = 7
    drawing.add(chart)
    drawing.add(String(0, 6.7 * cm, "Incidents per month of their start date", fontSize=8))
    return [drawing, note]


def _whole_number_axis(chart, values: list[int]) -> None:
    """Counts are whole: ticks at 1, 2 or 5 times a power of ten, about five of them."""
    top = max(*values, 1)
    step = 1
    while -(-top // step) > 5:
        step = _next_step(step)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * -(-top // step)
    chart.valueAxis.valueStep = step


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50, 100…"""
    digits = str(step)
    return step * 5 // 2 if digits[0] == "2" else step * 2


def _month_start(value) -> date:
    # TruncMonth gives a date on some databases and a datetime on others.
    return date(value.year, value.month, 1)


def _every_month(first, last) -> list[date]:
    months, month = [], _month_start(first)
    last = _month_start(last)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _type_chart(report: Report, styles) -> list:
    per_type = list(
        report.violations()
        .order_by()
        .values_list("violation_type__label")
        .annotate(n=Count("pk"))
        .order_by("-n", "violation_type__label")
    )
    if not per_type:
        return [Paragraph("No violations.", styles["Normal"])]
    rest = per_type[TOP_TYPES:]
    per_type = per_type[:TOP_TYPES]
    # Largest at the top: a horizontal chart draws its first category at the bottom.
    per_type.reverse()
    height = max(3 * cm, len(per_type) * 0.5 * cm + 1.5 * cm)
    drawing = Drawing(CHART_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 7 * cm, 0.8 * cm, CHART_WIDTH - 7.8 * cm, height - 1.2 * cm
    chart.data = [[n for _, n in per_type]]
    chart.bars[0].fillColor = BAR_COLOUR
    _whole_number_axis(chart, [n for _, n in per_type])
    chart.categoryAxis.categoryNames = [
        label if len(label) <= 50 else label[:49] + "…" for label, _ in per_type
    ]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars.strokeColor = None
    drawing.add(chart)
    if not rest:
        return [drawing]
    left_out = sum(n for _, n in rest)
    others = f"{len(rest)} other violation types, with {left_out:,} violations, are not in the chart."
    return [drawing, Paragraph(others, styles["Normal"])]
