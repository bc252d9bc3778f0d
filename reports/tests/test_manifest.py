"""Every export carries a manifest; verify_export says whether the files still match it."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from reports.exporters import EXPORTERS
from reports.manifest import software_version
from reports.models import ExportLog


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


def verify(folder, capsys) -> str:
    call_command("verify_export", str(folder))
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "export_format, files",
    [
        (
            "csv",
            [
                "incidents.csv",
                "perpetrators.csv",
                "responses.csv",
                "sources.csv",
                "victims.csv",
                "violations.csv",
            ],
        ),
        ("json", ["report.json"]),
        ("xlsx", ["report.xlsx"]),
        ("pdf", ["report.pdf"]),
    ],
)
def test_the_manifest_names_who_when_filters_counts_version_and_each_files_hash(
    case, auditor, out, export_format, files
):
    folder = export(out(), auditor, export_format, "--country", "RU", "--status", "verified")
    manifest = json.loads((folder / "manifest.json").read_text())

    assert manifest["made_by"] == "auditor"
    assert manifest["made_at"]
    assert manifest["format"] == export_format
    assert manifest["filters"] == {"country": "RU", "status": "verified"}
    assert manifest["counts"] == {
        "incidents": 1,
        "violations": 2,
        "victims": 2,
        "perpetrators": 1,
        "responses": 1,
        "sources": 1,
    }
    assert manifest["software"]["version"] == software_version() != "unknown"
    assert sorted(item["name"] for item in manifest["files"]) == files
    for item in manifest["files"]:
        assert item["sha256"] == hashlib.sha256((folder / item["name"]).read_bytes()).hexdigest()
        assert item["bytes"] == (folder / item["name"]).stat().st_size


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx", "pdf"])
def test_it_verifies_then_fails_after_one_byte_of_a_file_changes(case, auditor, out, capsys, export_format):
    folder = export(out(), auditor, export_format)
    assert "every file matches" in verify(folder, capsys)

    target = sorted(p for p in folder.iterdir() if p.name != "manifest.json")[0]
    content = bytearray(target.read_bytes())
    content[len(content) // 2] ^= 0x01
    target.write_bytes(bytes(content))

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_export", str(folder))
    assert f"{target.name}: changed" in capsys.readouterr().err


def test_it_fails_when_a_file_is_missing(case, auditor, out, capsys):
    folder = export(out(), auditor)
    (folder / "victims.csv").unlink()
    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_export", str(folder))
    assert "victims.csv: missing" in capsys.readouterr().err


def test_a_manifest_rewritten_to_match_edited_files_fails_against_the_export_log(case, auditor, out, capsys):
    folder = export(out(), auditor)
    incidents = folder / "incidents.csv"
    incidents.write_text(incidents.read_text().replace("Detentions in Grozny", "Nothing happened"))
    manifest = json.loads((folder / "manifest.json").read_text())
    for item in manifest["files"]:
        if item["name"] == "incidents.csv":
            item["sha256"] = hashlib.sha256(incidents.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_export", str(folder))
    assert "manifest.json: changed since export" in capsys.readouterr().err


def test_every_export_is_logged_with_who_when_filters_and_counts(case, auditor, out):
    folder = export(out(), auditor, "json", "--date-before", "2018-12-31")
    manifest = json.loads((folder / "manifest.json").read_text())

    log = ExportLog.objects.get()
    assert str(log.uuid) == manifest["export_id"]
    assert log.username == "auditor"
    assert log.surface == "command"
    assert log.format == "json"
    assert log.filters == {"date_before": "2018-12-31"}
    assert log.counts == manifest["counts"]
    assert log.total_records == sum(manifest["counts"].values())
    assert log.manifest_sha256 == hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()


def test_a_failed_export_leaves_no_files_and_no_log(case, auditor, out):
    folder = out()
    with pytest.raises(CommandError, match="--country: 'XX' is not an ISO 3166-1"):
        export(folder, auditor, "csv", "--country", "XX")
    assert not folder.exists()
    assert not ExportLog.objects.exists()


def test_an_export_that_breaks_half_way_leaves_nothing_behind(case, auditor, out, monkeypatch):
    def breaks(report, directory, header, **options):
        (directory / "incidents.csv").write_text("half a file")
        raise OSError("disk full")

    monkeypatch.setitem(EXPORTERS, "csv", breaks)
    folder = out()
    with pytest.raises(OSError, match="disk full"):
        export(folder, auditor)
    assert not folder.exists()
    assert not ExportLog.objects.exists()
