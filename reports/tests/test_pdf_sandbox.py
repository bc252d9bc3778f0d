"""The PDF renderer reads no file but its own library's and opens no connection."""

import sys
import threading
from pathlib import Path

import reportlab

import reports
from incidents.models import Incident
from reports.exporters import pdf
from reports.records import Report

_watch = threading.local()


def _hook(event: str, args: tuple) -> None:
    seen = getattr(_watch, "events", None)
    if seen is not None and (event == "open" or event.startswith("socket.") or event.startswith("urllib")):
        seen.append((event, args))


# Audit hooks cannot be removed; this one records only while a test asks it to.
sys.addaudithook(_hook)


def test_rendering_reads_only_its_own_assets_and_opens_no_connection(case, auditor, tmp_path):
    report = Report(user=auditor, incidents=Incident.objects.all())
    header = {
        "made_by": "auditor",
        "roles": ["Auditors"],
        "made_at": "2026-01-01T00:00:00+00:00",
        "export_id": "test",
        "software_version": "test",
        "filters": {},
    }
    # Warm up: lazy imports inside reportlab are code loading, not fetching.
    pdf.write(report, tmp_path, header)
    (tmp_path / pdf.FILE_NAME).unlink()

    _watch.events = []
    try:
        pdf.write(report, tmp_path, header)
    finally:
        events, _watch.events = _watch.events, None

    allowed = [tmp_path, Path(reportlab.__file__).parent, Path(reports.__file__).parent]
    opened = [
        Path(str(args[0])) for event, args in events if event == "open" and isinstance(args[0], str | Path)
    ]
    assert not [event for event, _ in events if event != "open"], events
    outside = [path for path in opened if not any(path.resolve().is_relative_to(root) for root in allowed)]
    assert outside == []
    # The hook saw the renderer write its own file, so it was watching.
    assert tmp_path / pdf.FILE_NAME in opened
    assert (tmp_path / pdf.FILE_NAME).stat().st_size > 1000
