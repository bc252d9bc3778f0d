"""The change log for a period, exported with its hashes, verifies offline and fails when edited."""

import csv
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports.models import AuditEntry, ExportLog


def export_log(folder, user, export_format="json", *options):
    call_command(
        "export_audit_log",
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


def test_it_exports_the_entries_of_a_period_with_a_manifest(case, auditor, out, capsys):
    today = timezone.now().date()
    written = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    folder = export_log(out(), auditor, "json", "--since", str(today), "--until", str(today))

    document = json.loads((folder / "audit-log.json").read_text())
    # The export's own entry comes after: it is written once the files are.
    assert [entry["sequence"] for entry in document["entries"]] == written
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "audit_log"
    assert manifest["filters"] == {"since": str(today), "until": str(today)}
    assert manifest["counts"] == {"change log entries": len(document["entries"])}
    call_command("verify_export", str(folder))
    assert ExportLog.objects.get().kind == "audit_log"


def test_a_period_without_changes_is_empty(case, auditor, out):
    yesterday = timezone.now().date() - timedelta(days=1)
    folder = export_log(out(), auditor, "csv", "--until", str(yesterday))
    with open(folder / "audit-log.csv", newline="", encoding="utf-8") as stream:
        assert list(csv.DictReader(stream)) == []


def test_an_exported_period_verifies_offline_and_fails_when_an_entry_is_edited(case, auditor, out, capsys):
    folder = export_log(out(), auditor)
    call_command("verify_audit_log", "--export", str(folder))
    assert "chain intact" in capsys.readouterr().out

    path = folder / "audit-log.json"
    document = json.loads(path.read_text())
    document["entries"][2]["username"] = "someone-else"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_audit_log", "--export", str(folder))
    assert (
        f"entry #{document['entries'][2]['sequence']}: its content does not match" in capsys.readouterr().err
    )


def test_only_readers_of_the_change_log_may_export_it(case, partner, out):
    with pytest.raises(CommandError, match="--as: partner may not read the change log"):
        export_log(out(), partner)


def test_the_change_log_exports_as_csv_or_json_only(case, auditor, out):
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        export_log(out(), auditor, "pdf")


def test_entries_about_incidents_above_the_users_level_are_withheld_but_still_verify(
    case, auditor, out, capsys
):
    folder = export_log(out(), auditor)
    text = (folder / "audit-log.json").read_text()
    assert "Staff-only incident in Kyiv" not in text
    entries = json.loads(text)["entries"]
    withheld = [entry for entry in entries if entry.get("withheld")]
    # The hidden incident's own entry and its violation's.
    assert len(withheld) == 2
    assert all(entry["model_label"] is None and entry["entry_hash"] for entry in withheld)

    call_command("verify_audit_log", "--export", str(folder))
    output = capsys.readouterr().out
    assert "2 entries were withheld" in output and "chain intact" in output
