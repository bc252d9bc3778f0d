"""Each format is made by `export_report` and read back with the rows the auditor may see."""

import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from reports.tests.conftest import PARTNERS_NAME, PUBLIC_NAME
from reports.tests.readers import READERS, RECORD_TYPES, pdf_text
from tracker.policy import WITHHELD


def export(folder, user, export_format="csv", *options):
    call_command(
        "export_report",
        "--format",
        export_format,
        "--out",
        str(folder),
        "--as",
        user.username,
        *options,
        verbosity=0,
    )
    return folder


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_it_exports_each_record_type_with_the_rows_the_role_may_see(case, auditor, out, export_format):
    folder = export(out(), auditor, export_format)
    records = READERS[export_format](folder)

    assert set(records) == set(RECORD_TYPES)
    # The staff-only incident and everything hanging from it stay out.
    assert [row["incident_id"] for row in records["incidents"]] == [str(case.grozny.pk), str(case.argun.pk)]
    grozny = records["incidents"][0]
    assert grozny["title"] == "Detentions in Grozny"
    assert grozny["start_date"] == "2017-02-01"
    assert grozny["start_date_precision"] == "month"
    assert grozny["region"] == "RU-CE"
    assert grozny["latitude"] in ("43.317800", "43.3178")
    assert grozny["status"] == "verified"

    assert len(records["violations"]) == 4
    torture = next(row for row in records["violations"] if row["victim"] == case.public_victim.pseudonym)
    assert torture["violation_type"] == "Torture"
    assert torture["methods"] == "05-01; 05-02"
    assert torture["date"] == "2017-03-16"

    victims = {row["victim"]: row for row in records["victims"]}
    assert set(victims) == {
        case.public_victim.pseudonym,
        case.partners_victim.pseudonym,
        case.staff_victim.pseudonym,
        case.restricted_victim.pseudonym,
    }
    assert victims[case.public_victim.pseudonym]["name"] == PUBLIC_NAME
    assert victims[case.partners_victim.pseudonym]["name"] == PARTNERS_NAME
    for withheld in (case.staff_victim, case.restricted_victim):
        row = victims[withheld.pseudonym]
        assert [
            row[field] for field in ("name", "other_names", "contact_details", "identifying_details")
        ] == [WITHHELD] * 4

    [involvement] = records["perpetrators"]
    assert involvement["perpetrator"] == "Chechen police"
    assert involvement["degree"] == "Direct"
    assert involvement["incident_id"] == str(case.grozny.pk)

    [response] = records["responses"]
    assert response["title"] == "Call for an investigation"
    # The response also concerns the hidden incident, which the auditor may not know of.
    assert response["incident_ids"] == str(case.grozny.pk)
    assert response["by"] == "Human Rights Watch"
    assert response["calling_on"] == "Chechen police"

    sources = {row["record_type"]: row for row in records["sources"]}
    assert sources["incident"]["quote"] == "held in Grozny"
    assert sources["incident"]["source_sha256"] == case.source.sha256
    assert sources["victim"]["record"] == case.restricted_victim.pseudonym
    assert sources["victim"]["quote"] == WITHHELD


def test_formats_agree_row_for_row(case, auditor, out):
    exported = {fmt: READERS[fmt](export(out(), auditor, fmt)) for fmt in READERS}
    for records in exported.values():
        # XLSX keeps coordinates as numbers (43.3178), CSV and JSON as exact text (43.317800).
        for row in records["incidents"]:
            for field in ("latitude", "longitude"):
                row[field] = row[field] and Decimal(row[field]).normalize()
    assert exported["csv"] == exported["json"] == exported["xlsx"]


def test_xlsx_has_one_sheet_per_record_type(case, auditor, out):
    folder = export(out(), auditor, "xlsx")
    workbook = openpyxl.load_workbook(folder / "report.xlsx", read_only=True)
    assert workbook.sheetnames == [
        "Incidents",
        "Violations",
        "Victims",
        "Perpetrators",
        "Responses",
        "Sources",
    ]


def test_json_says_who_made_it_and_with_which_filters(case, auditor, out):
    folder = export(out(), auditor, "json", "--country", "ru")
    document = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert document["report"]["made_by"] == "auditor"
    assert document["report"]["roles"] == ["Auditors"]
    assert document["report"]["filters"] == {"country": "RU"}


def test_pdf_is_a_summary_with_totals_charts_and_filters(case, auditor, out):
    folder = export(out(), auditor, "pdf", "--date-after", "2017-01-01")
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "report.pdf"]
    shown = " ".join(pdf_text(folder).split())

    assert "Incident report" in shown
    assert "auditor (Auditors)" in shown
    assert "date_after" in shown and "2017-01-01" in shown
    assert "Incidents 2" in shown and "Violations 4" in shown and "Victims 4" in shown
    assert "Incidents per month" in shown and "2017-02" in shown
    assert "Violations per violation type" in shown and "Torture" in shown and "Arbitrary detention" in shown
    assert "2 victims' identities are above this role's disclosure level" in shown
    assert "Staff-only incident" not in shown


def test_an_empty_selection_still_makes_every_file(case, auditor, out):
    folder = export(out(), auditor, "csv", "--country", "FR")
    records = READERS["csv"](folder)
    assert all(rows == [] for rows in records.values())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["counts"].values()) == {0}


def test_it_refuses_to_write_into_a_folder_that_holds_files(case, auditor, out):
    folder = out()
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="--out: .* is not an empty folder"):
        export(folder, auditor)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_the_role_is_required_and_must_exist(case, out):
    with pytest.raises(CommandError, match="--as"):
        call_command("export_report", "--format", "csv", "--out", str(out()))
    with pytest.raises(CommandError, match="--as: no user is called 'nobody'"):
        call_command("export_report", "--format", "csv", "--out", str(out()), "--as", "nobody")


def test_a_user_in_no_role_may_not_export(case, stranger, out):
    folder = out()
    with pytest.raises(CommandError, match="--as: stranger may not read incidents"):
        export(folder, stranger)
    assert not folder.exists()


def test_the_database_and_python_csv_writers_write_the_same_rows(case, auditor, out):
    # On PostgreSQL "auto" is COPY; on SQLite both are Python's csv module.
    by_default = READERS["csv"](export(out(), auditor, "csv"))
    by_python = READERS["csv"](export(out(), auditor, "csv", "--csv-writer", "python"))
    assert by_default == by_python
    assert by_default["incidents"][0]["ongoing"] == "false"
    assert by_default["perpetrators"][0]["state_actor"] == "true"


def test_a_record_type_longer_than_a_sheet_goes_on_to_a_second_sheet(case, auditor, out, monkeypatch):
    monkeypatch.setattr("reports.exporters.xlsx.SHEET_ROWS", 3)
    folder = export(out(), auditor, "xlsx")
    workbook = openpyxl.load_workbook(folder / "report.xlsx", read_only=True)
    assert workbook.sheetnames[:3] == ["Incidents", "Violations", "Violations (2)"]
    first, second = (
        list(workbook[name].iter_rows(values_only=True)) for name in ("Violations", "Violations (2)")
    )
    assert first[0] == second[0] and first[0][0] == "violation_id"
    assert len(first) - 1 + len(second) - 1 == 4
