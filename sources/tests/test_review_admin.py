"""The review queue in the admin: reading a source with its suggestions, accepting (as proposed,
edited, or in bulk) and rejecting them; records and citations made in one transaction."""

import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Actor, Incident, Involvement, Victim, Violation
from incidents.names import victim_name_q
from sources import review_admin  # noqa: F401 - registers the queue until sources/admin.py imports it
from sources.models import Citation, Source, Suggestion

ARTICLE = """Title: Activist abducted in Grozny
Publisher: Example Wire
Date: 2019-03-15

Police officers abducted the activist Timur Isaev in Grozny on Wednesday, the Russian LGBT Network said.
The Russian LGBT Network filed a police report and called for an investigation into his abduction.
"""


@pytest.fixture
def source(db, tmp_path: Path) -> Source:
    (tmp_path / "grozny.txt").write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(tmp_path / "grozny.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    return Source.objects.get()


def review_url(source: Source) -> str:
    return reverse("admin:sources_suggestion_review", args=[source.pk])


def suggestion(source: Source, kind: str, **payload) -> Suggestion:
    found = [
        s
        for s in source.suggestions.filter(kind=kind)
        if all(s.payload.get(k) == v for k, v in payload.items())
    ]
    assert found, f"no {kind} suggestion with {payload}"
    return found[0]


def test_a_reviewer_sees_the_text_with_its_suggestions_highlighted(client, reviewer, source) -> None:
    client.force_login(reviewer)
    response = client.get(review_url(source))
    assert response.status_code == 200
    page = response.content.decode()
    victim = suggestion(source, "victim", name="Timur Isaev")
    mark = re.search(
        r'<a href="#suggestion-(\d+)" class="suggestion-mark"><mark class="([^"]*)"[^>]*>Timur Isaev</mark>',
        page,
    )
    assert mark and mark.group(1) == str(victim.pk) and "kind-victim" in mark.group(2).split()
    assert f'name="accept_one" value="{victim.pk}"' in page


def test_the_queue_is_not_for_auditors(client, auditor, source) -> None:
    # Suggestions name victims before anyone has decided who may see them.
    client.force_login(auditor)
    assert client.get(review_url(source)).status_code == 403
    assert client.get(reverse("admin:sources_suggestion_changelist")).status_code == 403


def test_accepting_a_violation_makes_its_records_and_their_citations(
    client, reviewer, vocabularies, source
) -> None:
    client.force_login(reviewer)
    abduction = suggestion(source, "violation", violation_type="030104000000")
    response = client.post(review_url(source), {"accept_one": abduction.pk})
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert violation.violation_type.code == "030104000000"
    assert violation.victim.name == "Timur Isaev" and violation.incident == Incident.objects.get()
    involvement = Involvement.objects.get()
    assert (involvement.perpetrator.name, involvement.degree.code) == ("Police officers", "010100000000")
    # Every record the acceptance made cites the passage that supports it, word for word.
    for record in (violation, violation.victim, violation.incident, involvement.perpetrator, involvement):
        citation = Citation.objects.get(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
        assert source.text[citation.start : citation.end] == citation.quote
    abduction.refresh_from_db()
    assert (abduction.status, abduction.reviewer, abduction.record) == ("accepted", reviewer, violation)
    assert reviewer in violation.victim.restricted_to.all()  # the default disclosure is restricted


def test_rejecting_makes_nothing_and_keeps_the_suggestion(client, reviewer, source) -> None:
    client.force_login(reviewer)
    victim = suggestion(source, "victim", name="Timur Isaev")
    client.post(review_url(source), {"reject_one": victim.pk})
    victim.refresh_from_db()
    assert victim.status == "rejected" and victim.reviewer == reviewer and victim.decided_at
    assert not Victim.objects.exists() and not Citation.objects.exists() and not Incident.objects.exists()


def test_accepting_several_at_once(client, reviewer, vocabularies, source) -> None:
    client.force_login(reviewer)
    chosen = list(
        source.suggestions.filter(kind__in=["victim", "perpetrator", "place"]).values_list("pk", flat=True)
    )
    client.post(review_url(source), {"accept_selected": "1", "suggestion": chosen})
    assert Victim.objects.filter(victim_name_q("Timur Isaev")).exists()
    assert Actor.objects.filter(name="Police officers").exists()
    assert Incident.objects.get().region == "RU-CE"  # the place, applied to the source's incident
    assert not source.suggestions.filter(pk__in=chosen, status="proposed").exists()


def test_the_changelist_action_rejects_in_bulk(client, reviewer, source) -> None:
    client.force_login(reviewer)
    chosen = list(source.suggestions.filter(kind="date").values_list("pk", flat=True))
    client.post(
        reverse("admin:sources_suggestion_changelist"),
        {"action": "reject_selected", "_selected_action": chosen},
    )
    assert set(Suggestion.objects.filter(pk__in=chosen).values_list("status", flat=True)) == {"rejected"}


def test_a_failed_acceptance_leaves_nothing_behind(client, reviewer, source) -> None:
    # Without the vocabularies the violation type is no term: the incident, victim and
    # perpetrator accepted on the way are rolled back with it.
    client.force_login(reviewer)
    abduction = suggestion(source, "violation", violation_type="030104000000")
    response = client.post(review_url(source), {"accept_one": abduction.pk}, follow=True)
    assert "violation_type" in response.content.decode()
    assert not Incident.objects.exists() and not Victim.objects.exists() and not Actor.objects.exists()
    assert not Citation.objects.exists()
    assert set(source.suggestions.values_list("status", flat=True)) == {"proposed"}


def test_a_reviewer_edits_a_suggestion_before_accepting_it(client, reviewer, source) -> None:
    client.force_login(reviewer)
    victim = suggestion(source, "victim", name="Timur Isaev")
    edited = {**victim.payload, "name": "Timur Isayev", "disclosure": "staff"}
    response = client.post(
        reverse("admin:sources_suggestion_change", args=[victim.pk]),
        {"payload": json.dumps(edited), "_accept": "1"},
    )
    assert response.status_code == 302
    record = Victim.objects.get()
    assert (record.name, record.disclosure) == ("Timur Isayev", "staff")
    victim.refresh_from_db()
    assert victim.status == "edited" and victim.proposed["name"] == "Timur Isaev"


def test_accepting_a_known_name_links_the_existing_record(client, reviewer, vocabularies, tmp_path) -> None:
    network = Actor.objects.create(
        name="Российская ЛГБТ-сеть", aliases="Russian LGBT Network", kind="organisation"
    )
    (tmp_path / "grozny.txt").write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(tmp_path / "grozny.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    report = suggestion(Source.objects.get(), "advocacy_response", response_type="TRK-police-report")
    client.force_login(reviewer)
    client.post(review_url(report.source), {"accept_one": report.pk})
    report.refresh_from_db()
    assert list(report.record.actors.all()) == [network]
    assert Actor.objects.count() == 1
