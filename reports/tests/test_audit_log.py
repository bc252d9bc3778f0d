"""The change log: who changed which field from what to what, through which surface; and its chain."""

import json
import sys
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models
from simple_history.utils import bulk_create_with_history

from incidents.choices import Vocabulary
from incidents.models import Incident, Term, Victim
from reports import audit
from reports.models import AppendOnlyError, AuditEntry
from reports.tests.conftest import PUBLIC_NAME, RESTRICTED_NAME, STAFF_NAME
from sources.models import Citation, Suggestion, SuggestionKind
from sources.services import suggestion_accept, suggestion_reject

# An article naming a victim, for `manage.py ingest`.
ARTICLE = """Title: Journalist detained in Minsk
Publisher: Example Wire
Date: 2021-05-24

Belarusian police detained the journalist Roman Protasevich in Minsk on Sunday, CPJ said.
The Committee to Protect Journalists called for his immediate release.
"""


def entries_for(record) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(model_label=record._meta.label_lower, object_id=str(record.pk)).order_by(
            "sequence"
        )
    )


def change(entry: AuditEntry, field: str) -> dict:
    return next(item for item in entry.changes if item["field"] == field)


def tamper(sequence: int, **values) -> None:
    """Edit an entry behind the log's back, as someone with database access could."""
    models.QuerySet(AuditEntry).filter(sequence=sequence).update(**values)


def test_it_logs_who_changed_which_field_from_what_to_what(db, staff):
    incident = Incident(title="Raid", status="reported", country="RU")
    incident._history_user = staff
    incident.save()
    incident.title, incident.status = "Raid on a flat", "verified"
    incident._history_user = staff
    incident.save()

    created, changed = entries_for(incident)
    assert created.action == "+"
    assert change(created, "title") == {"field": "title", "old": None, "new": "Raid"}
    assert changed.action == "~"
    assert changed.username == "documentalist"
    assert changed.user_id == staff.pk
    assert changed.surface == "command"
    assert changed.object_repr == "Raid on a flat"
    assert sorted(item["field"] for item in changed.changes) == ["status", "title"]
    assert change(changed, "status") == {"field": "status", "old": "reported", "new": "verified"}


def test_related_records_are_logged_by_label_and_id(case):
    violation = case.grozny.violations.get(victim=case.public_victim)
    violation.violation_type = case.detention
    violation.save()
    violation.methods.clear()

    *earlier, retyped, cleared = entries_for(violation)
    assert change(retyped, "violation_type") == {
        "field": "violation_type",
        "old": f"Torture (#{case.torture.pk})",
        "new": f"Arbitrary detention (#{case.detention.pk})",
    }
    methods = change(cleared, "methods")
    assert [label.split(" (#")[0] for label in methods["old"]] == ["Beating", "Electric shock"]
    assert methods["new"] == []


def test_a_deletion_is_logged_with_the_last_values(db):
    term = Term.objects.create(vocabulary=Vocabulary.METHOD, code="X-1", label="Old method")
    pk = term.pk
    term.delete()
    deleted = AuditEntry.objects.filter(model_label="incidents.term", object_id=str(pk), action="-").get()
    assert change(deleted, "label") == {"field": "label", "old": "Old method", "new": None}


def test_victims_identities_are_named_but_never_logged(case):
    victim = case.staff_victim
    victim.name = "A Changed Secret Name"
    victim.gender = "female"
    victim.save()

    latest = entries_for(victim)[-1]
    assert change(latest, "name") == {"field": "name", "withheld": True}
    assert change(latest, "gender") == {"field": "gender", "old": "", "new": "female"}
    everything = json.dumps(
        [entry.hashed_content() for entry in AuditEntry.objects.all()], ensure_ascii=False
    )
    for secret in (PUBLIC_NAME, STAFF_NAME, RESTRICTED_NAME, "A Changed Secret Name", "+7 900 000 00 00"):
        assert secret not in everything


def test_the_surface_is_the_admin_for_admin_pages(client, superuser, db):
    term = Term.objects.create(vocabulary=Vocabulary.METHOD, code="M-1", label="Beating")
    client.force_login(superuser)
    url = f"/admin/incidents/term/{term.pk}/change/"
    response = client.post(url, {"vocabulary": Vocabulary.METHOD, "code": "M-1", "label": "Severe beating"})
    assert response.status_code == 302, response.content[:2000]

    latest = entries_for(term)[-1]
    assert latest.surface == "admin"
    assert latest.context == url
    assert latest.username == "root"
    assert change(latest, "label") == {"field": "label", "old": "Beating", "new": "Severe beating"}


@pytest.mark.urls("reports.tests.urls")
def test_the_surface_is_the_api_for_api_paths(client, db):
    incident = Incident.objects.create(title="Before")
    response = client.post(f"/api/v1/_reports_test/retitle/{incident.pk}/", {"title": "After"})
    assert response.status_code == 200
    assert entries_for(incident)[-1].surface == "api"


def test_the_surface_is_ingestion_for_the_ingest_command_and_its_review(db, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "ingest", "article.html"])
    ingested = Incident.objects.create(title="From an article")
    monkeypatch.setattr(sys, "argv", ["manage.py", "seed"])
    seeded = Incident.objects.create(title="From the seeds")
    with audit.surface("ingestion", "suggestion 12 accepted"):
        accepted = Incident.objects.create(title="From a suggestion")

    assert (entries_for(ingested)[0].surface, entries_for(ingested)[0].context) == ("ingestion", "ingest")
    assert (entries_for(seeded)[0].surface, entries_for(seeded)[0].context) == ("command", "seed")
    assert entries_for(accepted)[0].surface == "ingestion"


def test_the_chain_verifies(case, capsys):
    call_command("verify_audit_log")
    output = capsys.readouterr().out
    assert f"{AuditEntry.objects.count()} entries, chain intact" in output


def test_it_finds_an_entry_edited_in_the_database(case, capsys):
    target = AuditEntry.objects.order_by("sequence")[3]
    tamper(target.sequence, username="someone-else")

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_audit_log")
    assert (
        f"entry #{target.sequence}: its content does not match its hash (altered)" in capsys.readouterr().err
    )


def test_it_finds_an_edited_entry_even_when_its_hash_was_recomputed(case, capsys):
    target = AuditEntry.objects.order_by("sequence")[3]
    target.changes = [{"field": "title", "old": None, "new": "Something else"}]
    tamper(target.sequence, changes=target.changes, entry_hash=target.compute_hash())

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_audit_log")
    # The next entry still holds the hash the edited one had when it was written.
    assert (
        f"entry #{target.sequence + 1}: the hash it holds of entry #{target.sequence}"
        in capsys.readouterr().err
    )


def test_it_finds_an_entry_removed_from_the_database(case, capsys):
    target = AuditEntry.objects.order_by("sequence")[2]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence = %s", [target.sequence])

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_audit_log")
    assert (
        f"entry #{target.sequence} missing before entry #{target.sequence + 1} (removed)"
        in capsys.readouterr().err
    )


def test_it_finds_a_cut_off_tail_against_the_head_noted_earlier(case, capsys):
    noted = AuditEntry.objects.order_by("-sequence").first()
    call_command("verify_audit_log", "--expect-head", noted.entry_hash)
    capsys.readouterr()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence = %s", [noted.sequence])

    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_audit_log", "--expect-head", noted.entry_hash)
    assert "is no longer in the chain" in capsys.readouterr().err


def test_the_log_refuses_updates_and_deletions(case):
    entry = AuditEntry.objects.first()
    written = entry.username
    entry.username = "someone-else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).username == written


def test_every_export_joins_the_chain(case, auditor, tmp_path):
    call_command(
        "export_report", "--format", "csv", "--out", str(tmp_path / "x"), "--as", "auditor", verbosity=0
    )
    latest = AuditEntry.objects.order_by("-sequence").first()
    assert latest.model_label == "reports.exportlog"
    assert latest.username == "auditor"
    assert change(latest, "counts")["new"]["incidents"] == 2
    call_command("verify_audit_log")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    def write(prefix: str) -> None:
        try:
            for n in range(15):
                Victim.objects.create(description=f"{prefix}-{n}")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(str(i),)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    report = audit.verify_chain(audit.stored_entries())
    assert report.intact, report.problems
    assert report.checked == AuditEntry.objects.count() == 60


def test_bulk_writes_join_the_chain_when_caught_up(db):
    terms = [Term(vocabulary=Vocabulary.METHOD, code=f"B-{n}", label=f"Bulk {n}") for n in range(3)]
    bulk_create_with_history(terms, Term)
    assert not AuditEntry.objects.filter(model_label="incidents.term").exists()

    assert audit.catch_up(Term) == 3
    assert audit.catch_up(Term) == 0
    labels = [change(entry, "label")["new"] for entry in AuditEntry.objects.order_by("sequence")]
    assert labels == ["Bulk 0", "Bulk 1", "Bulk 2"]
    call_command("verify_audit_log")


def test_only_the_history_of_the_records_given_is_caught_up(db):
    earlier = bulk_create_with_history(
        [Term(vocabulary=Vocabulary.METHOD, code="E-1", label="Earlier")], Term
    )
    later = bulk_create_with_history([Term(vocabulary=Vocabulary.METHOD, code="L-1", label="Later")], Term)

    assert audit.catch_up(Term, later) == 1
    assert audit.catch_up(Term, later) == 0
    assert audit.catch_up(Term, []) == 0
    assert [entry.object_id for entry in AuditEntry.objects.all()] == [str(later[0].pk)]
    assert audit.catch_up(Term) == 1
    assert len(entries_for(earlier[0])) == 1


def test_the_vocabularies_seeded_in_bulk_join_the_chain(db, capsys):
    call_command("seed", "--vocabularies-only", verbosity=0)

    terms = Term.objects.count()
    assert terms > 100
    entries = AuditEntry.objects.filter(model_label="incidents.term")
    assert entries.count() == terms
    assert {entry.action for entry in entries} == {"+"}
    assert set(entries.values_list("history_id", flat=True)) == set(
        Term.history.values_list("history_id", flat=True)
    )
    parent = Term.objects.filter(parent__isnull=False).select_related("parent").first()
    assert change(entries_for(parent)[0], "parent")["new"] == f"{parent.parent} (#{parent.parent_id})"
    call_command("verify_audit_log")
    assert f"{terms} entries, chain intact" in capsys.readouterr().out

    call_command("seed", "--vocabularies-only", verbosity=0)
    assert AuditEntry.objects.count() == terms


def test_ingested_suggestions_join_the_chain_without_what_names_victims(
    db, reviewer, tmp_path, monkeypatch, capsys
):
    (tmp_path / "minsk.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["manage.py", "ingest", "minsk.txt"])
    call_command("ingest", str(tmp_path / "minsk.txt"), stdout=open("/dev/null", "w"))

    suggestions = Suggestion.objects.order_by("pk")
    assert suggestions.count() > 1
    entries = {
        entry.object_id: entry for entry in AuditEntry.objects.filter(model_label="sources.suggestion")
    }
    assert set(entries) == {str(s.pk) for s in suggestions}
    assert {(entry.surface, entry.context, entry.action) for entry in entries.values()} == {
        ("ingestion", "ingest", "+")
    }
    victim = suggestions.get(kind=SuggestionKind.VICTIM)
    assert "Protasevich" in victim.text
    logged = entries[str(victim.pk)]
    assert logged.object_repr == f"Victim suggestion (#{victim.pk})"
    for field in ("ref", "text", "payload", "quote"):
        assert change(logged, field) == {"field": field, "withheld": True}
    assert change(logged, "kind") == {"field": "kind", "old": None, "new": "victim"}
    assert change(logged, "start") == {"field": "start", "old": None, "new": victim.start}

    place = suggestions.get(kind=SuggestionKind.PLACE)
    suggestion_reject(suggestion=place, user=reviewer)
    rejected = {"field": "status", "old": "proposed", "new": "rejected"}
    assert change(entries_for(place)[-1], "status") == rejected
    made = suggestion_accept(suggestion=victim, user=reviewer)
    assert "Protasevich" in made.name
    citation = Citation.objects.get(content_type__model="victim", object_id=made.pk)
    assert "Protasevich" in citation.note
    assert change(entries_for(citation)[0], "note") == {"field": "note", "withheld": True}
    everything = json.dumps(
        [entry.hashed_content() for entry in AuditEntry.objects.all()], ensure_ascii=False
    ).lower()
    assert "protasevich" not in everything
    call_command("verify_audit_log")
    assert "chain intact" in capsys.readouterr().out
