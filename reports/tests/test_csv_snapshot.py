"""On PostgreSQL, victims' CSV is written from a second connection sharing the export's snapshot.

These tests commit their data (transactional_db): a second connection sees nothing of a test's
uncommitted transaction, which is also why the export shares its snapshot only when the
transaction is its own.
"""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from incidents.models import Victim, Violation
from reports.exporters import csv as csv_exporter
from reports.models import ExportLog
from reports.tests.readers import READERS
from tracker.models import IdentityAccess

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="COPY and shared snapshots are PostgreSQL's"
    ),
    pytest.mark.django_db(transaction=True),
]


def export(folder, user, *options):
    call_command(
        "export_report", "--format", "csv", "--out", str(folder), "--as", user.username, *options, verbosity=0
    )
    return folder


@pytest.fixture
def beside(monkeypatch) -> list[int]:
    """The database backends that wrote victims beside the export's own connection."""
    backends = []
    run = csv_exporter._SnapshotWriter.run

    def noted_run(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])
        connection.close()
        run(self)

    monkeypatch.setattr(csv_exporter._SnapshotWriter, "run", noted_run)
    return backends


def test_victims_are_written_beside_and_agree_with_pythons_writer(case, auditor, out, beside):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    shared = READERS["csv"](export(out(), auditor))
    assert len(beside) == 1 and beside[0] != own
    assert shared == READERS["csv"](export(out(), auditor, "--csv-writer", "python"))
    assert len(beside) == 1
    noted = IdentityAccess.objects.filter(surface="export", username="auditor")
    # Both exports showed the partners-level identity, and each noted it.
    assert [n.victim_pseudonym for n in noted] == [case.partners_victim.pseudonym] * 2


def test_the_second_connection_reads_the_exports_snapshot_not_later_commits(case, auditor, out, monkeypatch):
    start = csv_exporter._SnapshotWriter.start

    def start_after_a_commit(self):
        # Committed by another connection after the export took its snapshot, before the thread runs.
        def add():
            try:
                late = Victim.objects.create(description="Arrived during the export")
                Violation.objects.create(incident=case.grozny, victim=late, violation_type=case.torture)
            finally:
                connection.close()

        adding = threading.Thread(target=add)
        adding.start()
        adding.join()
        start(self)

    monkeypatch.setattr(csv_exporter._SnapshotWriter, "start", start_after_a_commit)
    rows = READERS["csv"](export(out(), auditor))
    assert Victim.objects.filter(description="Arrived during the export").exists()
    assert "Arrived during the export" not in {row["description"] for row in rows["victims"]}
    assert {row["victim"] for row in rows["victims"]} == {row["victim"] for row in rows["violations"]}


def test_when_another_file_fails_the_trail_written_beside_is_rolled_back(case, auditor, out, monkeypatch):
    copy_rows = csv_exporter.copy_rows

    def fails_on_sources(record_type, stream):
        if record_type.name == "sources":
            raise OSError("disk full")
        return copy_rows(record_type, stream)

    monkeypatch.setattr(csv_exporter, "copy_rows", fails_on_sources)
    folder = out()
    with pytest.raises(OSError, match="disk full"):
        export(folder, auditor)
    assert not folder.exists()
    assert not ExportLog.objects.exists()
    assert not IdentityAccess.objects.exists()


def test_a_failure_beside_fails_the_export(case, auditor, out):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM incidents_victim WHERE id = %s", [case.partners_victim.pk])
        stored = cursor.fetchone()[0]
        forged = stored[:40] + ("A" if stored[40] != "A" else "B") + stored[41:]
        cursor.execute(
            "UPDATE incidents_victim SET name = %s WHERE id = %s", [forged, case.partners_victim.pk]
        )

    folder = out()
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        export(folder, auditor)
    assert not folder.exists()
    assert not ExportLog.objects.exists()
    assert not IdentityAccess.objects.exists()
