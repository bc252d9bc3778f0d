"""`manage.py bench_generate`: a small synthetic database whose records hold together."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from incidents import places
from incidents.choices import Disclosure, VictimKind
from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Victim, Violation
from sources.models import Citation, Source, text_sha256

INCIDENTS = 50


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker):
    """One database for the whole module, rolled back at its end (seeding the terms is slow)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", "--vocabularies-only", verbosity=0)
        call_command("bench_generate", "--incidents", str(INCIDENTS), "--seed", "7", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def generated(generated_once, db) -> None:
    """The module's database, inside this test's own transaction."""


def cited(model) -> set[int]:
    return set(
        Citation.objects.filter(content_type__model=model._meta.model_name).values_list(
            "object_id", flat=True
        )
    )


def test_it_makes_the_requested_incidents_with_one_to_four_violations_each(generated):
    assert Incident.objects.count() == INCIDENTS
    per_incident = Counter(Violation.objects.values_list("incident_id", flat=True))
    assert set(per_incident) == set(Incident.objects.values_list("pk", flat=True))
    assert set(per_incident.values()) <= {1, 2, 3, 4}
    assert 1.5 <= sum(per_incident.values()) / INCIDENTS <= 2.6


def test_every_violation_has_one_to_three_distinct_perpetrators(generated):
    per_violation = Counter(Involvement.objects.values_list("violation_id", flat=True))
    assert set(per_violation) == set(Violation.objects.values_list("pk", flat=True))
    assert set(per_violation.values()) <= {1, 2, 3}


def test_some_victims_suffer_several_violations(generated):
    per_victim = Counter(Violation.objects.values_list("victim_id", flat=True))
    assert set(per_victim) == set(Victim.objects.values_list("pk", flat=True)), (
        "no victim without a violation"
    )
    assert max(per_victim.values()) >= 2
    assert len(per_victim) < Violation.objects.count()


def test_group_victims_keep_their_count_and_qualifier(generated):
    groups = Victim.objects.filter(kind=VictimKind.GROUP)
    assert groups.exists()
    assert not groups.filter(count=None).exists()
    assert not groups.filter(count_qualifier="").exists()
    people = Victim.objects.filter(kind=VictimKind.PERSON)
    assert not people.exclude(count=None).exists()
    assert not people.filter(name="").exists()
    assert groups.count() < people.count()


def test_victims_have_every_disclosure_level_public_the_most(generated):
    levels = Counter(Victim.objects.values_list("disclosure", flat=True))
    assert set(levels) == set(Disclosure.values)
    assert levels.most_common(1)[0][0] == Disclosure.PUBLIC
    assert len(set(Victim.objects.values_list("pseudonym", flat=True))) == Victim.objects.count()


def test_every_incident_violation_and_victim_cites_a_passage_at_its_offsets(generated):
    assert cited(Incident) == set(Incident.objects.values_list("pk", flat=True))
    assert cited(Violation) == set(Violation.objects.values_list("pk", flat=True))
    assert cited(Victim) == set(Victim.objects.values_list("pk", flat=True))
    for citation in Citation.objects.select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote


def test_sources_are_about_one_per_two_incidents_with_their_text_hash(generated):
    sources = list(Source.objects.all())
    assert INCIDENTS / 3 <= len(sources) <= INCIDENTS
    for source in sources:
        assert source.sha256 == text_sha256(source.text)
        assert source.published_on is not None


def test_advocacy_responses_name_incidents_actors_and_addressees(generated):
    responses = AdvocacyResponse.objects.prefetch_related("incidents", "actors", "addressees")
    assert 1 <= len(responses) <= INCIDENTS // 2
    for response in responses:
        assert response.incidents.all()
        assert response.actors.all()
        assert response.addressees.all()
        assert min(incident.start_date for incident in response.incidents.all()) <= response.date


def test_actors_have_state_hierarchies_and_non_state_perpetrators(generated):
    units = Actor.objects.filter(parent__isnull=False)
    assert units.exists()
    assert not units.filter(parent__is_state_actor=False).exists()
    perpetrators = Actor.objects.filter(involvements__isnull=False).distinct()
    assert perpetrators.filter(is_state_actor=True).exists()
    assert perpetrators.filter(is_state_actor=False).exists()


def test_places_and_dates_are_valid(generated):
    incidents = list(Incident.objects.all())
    for incident in incidents:
        assert places.location_errors(incident.country, incident.region) == {}
        assert (incident.latitude is None) == (incident.longitude is None)
        assert 2000 <= incident.start_date.year <= 2025
    located = sum(incident.latitude is not None for incident in incidents)
    assert 0.3 * INCIDENTS <= located <= 0.9 * INCIDENTS
    assert any(incident.region for incident in incidents)


def test_every_record_passes_model_validation(generated):
    # full_clean checks the foreign keys' limit_choices_to too: each term is of the right vocabulary.
    for model in (Incident, Violation, Victim, Involvement, Actor, AdvocacyResponse, Source, Citation):
        for record in model.objects.all():
            record.full_clean()


def test_the_same_seed_makes_the_same_database(generated):
    def snapshot() -> tuple:
        return (
            list(Incident.objects.order_by("pk").values_list("title", "narrative", "start_date", "region")),
            list(Victim.objects.order_by("pk").values_list("pseudonym", "disclosure", "count")),
            list(Source.objects.order_by("pk").values_list("sha256", flat=True)),
        )

    with transaction.atomic():
        call_command("bench_generate", "--incidents", "20", "--seed", "11", "--force", verbosity=0)
        first = snapshot()
        transaction.set_rollback(True)
    call_command("bench_generate", "--incidents", "20", "--seed", "11", "--force", verbosity=0)
    assert snapshot() == first
    assert first[0]


def test_it_refuses_a_database_that_has_incidents_unless_forced(generated):
    with pytest.raises(CommandError, match="already has 50 incidents"):
        call_command("bench_generate", "--incidents", "5", verbosity=0)
    assert Incident.objects.count() == INCIDENTS
    call_command("bench_generate", "--incidents", "5", "--force", verbosity=0)
    assert Incident.objects.count() == INCIDENTS + 5
    assert Source.objects.values("sha256").distinct().count() == Source.objects.count()


def test_it_rejects_a_size_below_one(generated):
    with pytest.raises(CommandError, match="--incidents"):
        call_command("bench_generate", "--incidents", "0", verbosity=0)


def test_bench_api_gets_an_answer_for_every_case_as_a_partner(generated):
    # No timing asserted: this keeps the benchmark runnable as the API's parameters change.
    out = StringIO()
    call_command("bench_api", "--repeat", "1", "--warmup", "0", stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    for case in ("incidents ", "incidents ?country", "violations ", "victims ", "perpetrators ", "stats "):
        assert any(line.startswith(case) for line in lines), case
    assert not any(" rows      0 " in line for line in lines if line.startswith("incidents  ")), (
        "an empty list"
    )
