"""`manage.py seed`: the vocabularies and the curated records of the seed article."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from incidents.models import Actor, AdvocacyResponse, Incident, Involvement, Term, Victim, Violation
from incidents.names import victim_name_q
from sources.models import Citation, Source

SEEDS = Path(settings.BASE_DIR) / "seeds"
ARTICLE = SEEDS / "articles" / "000_682fccb5fc53fd06.txt"
RECORDS = SEEDS / "records" / "000_into_chechnya_purge.yaml"

DIRECTLY_CARRIED_OUT = "010100000000"
FAILED_TO_INVESTIGATE = "TRK-failed-to-investigate"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model of the two apps, history models included."""
    models = [*apps.get_app_config("incidents").get_models(), *apps.get_app_config("sources").get_models()]
    return {model._meta.label: model._default_manager.count() for model in models}


def incident(title_start: str) -> Incident:
    return Incident.objects.get(title__startswith=title_start)


def degrees(violation: Violation) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for involvement in violation.involvements.select_related("perpetrator", "degree"):
        found.setdefault(involvement.perpetrator.name, set()).add(involvement.degree.code)
    return found


# --- the seed loads completely --------------------------------------------------------------


def test_it_archives_the_article_as_a_source(db):
    seed()
    source = Source.objects.get()
    raw = ARTICLE.read_bytes()
    assert source.text == raw.decode("utf-8")
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.publisher == "INTO"
    assert source.captured_at is not None
    assert str(source.reference_date) == "2018-07-16"
    assert source.source_type.code == "140523191601"


def test_it_loads_the_purge_and_its_victims(db):
    seed()
    purge = incident("Anti-gay purge in Chechnya")
    assert (purge.country, purge.region) == ("RU", "RU-CE")
    assert (str(purge.start_date), purge.start_date_precision) == ("2017-04-01", "approximate")
    assert "15 months" in purge.date_basis and purge.is_ongoing

    men = Victim.objects.get(description="gay and bisexual men in Chechnya")
    assert (men.kind, men.count, men.count_qualifier) == ("group", 100, "at_least")
    types = set(purge.violations.filter(victim=men).values_list("violation_type__label", flat=True))
    assert {"Arrest", "Detention, imprisonment", "Torture"} <= types
    killing = purge.violations.get(violation_type__code="010102000000")
    assert killing.status.code == "TRK-alleged"
    assert (str(killing.date), killing.date_precision) == ("2017-01-01", "year")

    torture = purge.violations.get(victim=men, violation_type__label="Torture")
    assert degrees(torture) == {
        "Chechen government": {DIRECTLY_CARRIED_OUT},
        "Ramzan Kadyrov": {"060000000000"},
        "Russian authorities": {FAILED_TO_INVESTIGATE},
    }


def test_it_loads_akhmadov_and_what_was_done_to_him(db):
    seed()
    # Names are encrypted at rest: found through the blind index, as the admin finds them.
    akhmadov = Victim.objects.get(victim_name_q("Zelimkhan Akhmadov"))
    assert akhmadov.kind == "person" and akhmadov.disclosure == "public"
    assert "Зелимхан Ахмадов" in akhmadov.other_names.splitlines()

    arrests = incident("Arrests and ill-treatment of Zelimkhan Akhmadov")
    assert arrests.region == "RU-CE"
    assert {"Arrest", "Physical assaults, including domestic violence", "Extortion", "Forced outing"} <= set(
        arrests.violations.values_list("violation_type__label", flat=True)
    )
    for violation in arrests.violations.all():
        assert degrees(violation) == {"Chechen police": {DIRECTLY_CARRIED_OUT}}

    kidnapping = incident("Kidnapping of Zelimkhan Akhmadov")
    assert (kidnapping.country, kidnapping.region) == ("RU", "RU-SPE")
    assert (str(kidnapping.start_date), kidnapping.start_date_precision) == ("2018-07-13", "day")
    assert "16 July 2018" in kidnapping.date_basis
    abduction = kidnapping.violations.get(violation_type__label="Abduction; kidnapping")
    assert abduction.victim == akhmadov and abduction.victim_age == 20
    assert (str(abduction.date), abduction.date_precision) == ("2018-07-13", "day")
    assert "16 July 2018" in abduction.date_basis
    assert degrees(abduction) == {
        "Five-man vigilante mob that kidnapped Zelimkhan Akhmadov": {DIRECTLY_CARRIED_OUT},
        "Zelimkhan Akhmadov's father": {DIRECTLY_CARRIED_OUT},
    }
    honour = kidnapping.violations.get(violation_type__code="TRK-honour-killing-threat")
    assert set(degrees(honour)) == {"Zelimkhan Akhmadov's family"}

    wanted = incident("Zelimkhan Akhmadov placed on a federal wanted list")
    assert (str(wanted.start_date), wanted.start_date_precision) == ("2018-04-01", "month")
    listing = wanted.violations.get(violation_type__code="TRK-wanted-listing")
    assert (str(listing.date), listing.date_precision) == ("2018-04-01", "approximate")

    others = incident("At least four other kidnappings")
    group = others.violations.get().victim
    assert (group.kind, group.count, group.count_qualifier) == ("group", 4, "at_least")
    assert str(others.start_date) == "2018-01-01" and others.start_date_precision == "year"


def test_it_loads_the_perpetrators_once_each(db):
    seed()
    kadyrov = Actor.objects.get(name="Ramzan Kadyrov")
    assert "Рамзан Кадыров" in kadyrov.aliases.splitlines()
    police = Actor.objects.get(name="Chechen police")
    assert police.parent.name == "Chechen government" and police.is_state_actor
    father = Actor.objects.get(name="Zelimkhan Akhmadov's father")
    assert father.kind == "person"
    assert Actor.objects.get(name="Five-man vigilante mob that kidnapped Zelimkhan Akhmadov").kind == "group"
    assert Actor.objects.get(name="Kremlin").parent.name == "Russian authorities"
    network = Actor.objects.get(name="Russian LGBT Network")
    assert {"Russian LGBTQ Network", "Российская ЛГБТ-сеть"} <= set(network.aliases.splitlines())
    assert (
        "PACE"
        in Actor.objects.get(name="Parliamentary Assembly of the Council of Europe").aliases.splitlines()
    )
    names = list(Actor.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_it_loads_the_advocacy_responses(db):
    seed()
    projection = AdvocacyResponse.objects.get(response_type__code="TRK-projection")
    assert set(projection.actors.values_list("name", flat=True)) == {"Human Rights Campaign"}
    assert set(projection.addressees.values_list("name", flat=True)) == {"Donald Trump", "Vladimir Putin"}
    assert "Bring the perpetrators to justice" in projection.demands
    assert projection.country == "FI"

    network = Actor.objects.get(name="Russian LGBT Network")
    assert set(network.responses.values_list("response_type__code", flat=True)) == {
        "TRK-shelter",
        "TRK-police-report",
        "TRK-public-statement",
    }
    police_report = network.responses.get(response_type__code="TRK-police-report")
    assert police_report.incidents.get().title.startswith("Kidnapping of Zelimkhan Akhmadov")

    freedom_house = AdvocacyResponse.objects.get(actors__name="Freedom House")
    assert freedom_house.response_type.label == "Demand for investigation"
    assert "independent investigation" in freedom_house.demands
    assert freedom_house.actors.filter(name="Marc Behrendt").exists()

    pace = AdvocacyResponse.objects.get(actors__name="Parliamentary Assembly of the Council of Europe")
    assert (str(pace.date), pace.date_precision) == ("2018-06-27", "day")

    for body in ("US State Department", "US Senate"):
        condemnation = AdvocacyResponse.objects.get(actors__name=body, response_type__code="TRK-condemnation")
        assert (str(condemnation.date), condemnation.date_precision) == ("2017-01-01", "year")

    denials = AdvocacyResponse.objects.filter(response_type__code="TRK-official-denial")
    assert set(denials.values_list("actors__name", flat=True)) == {"Kremlin", "Ramzan Kadyrov"}
    kremlin_quotes = " ".join(denials.get(actors__name="Kremlin").citations.values_list("quote", flat=True))
    assert "filthy provocation" in kremlin_quotes and "April Fools Joke" in kremlin_quotes


def test_every_record_cites_the_passage_it_comes_from(db):
    seed()
    source = Source.objects.get()
    for model in (Actor, Victim, Incident, Violation, Involvement, AdvocacyResponse):
        for record in model.objects.all():
            assert record.citations.exists(), f"{model.__name__} {record} cites nothing"
    assert Citation.objects.count() > 50
    for citation in Citation.objects.all():
        assert citation.source == source
        assert source.text[citation.start : citation.end] == citation.quote


# --- running it again changes nothing -------------------------------------------------------


def test_it_changes_nothing_the_second_time(db):
    first = seed()
    before = row_counts()
    second = seed()
    assert row_counts() == before
    assert before["incidents.HistoricalTerm"] == before["incidents.Term"] > 0
    assert "created 1 source" in first
    assert "already loaded" in second and "0 terms added, 0 updated" in second


def test_it_says_nothing_at_verbosity_0(db):
    out = StringIO()
    call_command("seed", verbosity=0, stdout=out)
    assert out.getvalue() == "" and Incident.objects.exists()


def test_vocabularies_only_loads_no_records(db):
    seed("--vocabularies-only")
    assert Term.objects.filter(vocabulary="violation_type", code="020111110000").get().label == "Torture"
    assert not Source.objects.exists() and not Incident.objects.exists()


def test_it_updates_a_changed_label_and_nothing_else(db, tmp_path):
    seed("--vocabularies-only")
    before = row_counts()
    vocabularies = tmp_path / "vocabularies.yaml"
    text = (SEEDS / "vocabularies.yaml").read_text(encoding="utf-8")
    vocabularies.write_text(
        text.replace('label: "Torture"', 'label: "Torture (renamed)"', 1), encoding="utf-8"
    )
    out = seed("--vocabularies-only", "--vocabularies", str(vocabularies))
    assert "0 terms added, 1 updated" in out
    assert Term.objects.get(vocabulary="violation_type", code="020111110000").label == "Torture (renamed)"
    after = row_counts()
    assert after["incidents.HistoricalTerm"] == before["incidents.HistoricalTerm"] + 1
    assert after["incidents.Term"] == before["incidents.Term"]


def test_an_actor_already_known_by_another_spelling_is_reused(db, tmp_path):
    seed()
    article = tmp_path / "statement.txt"
    article.write_text("The Российская ЛГБТ-сеть helped a survivor leave Chechnya.\n", encoding="utf-8")
    records = tmp_path / "statement.yaml"
    records.write_text(
        f"source:\n  file: {article}\n  title: Statement\n"
        "actors:\n"
        "  - key: network\n"
        "    name: RUSSIAN LGBTQ NETWORK\n"
        "    aliases: [Российская ЛГБТ-сеть]\n"
        "    cite: [Российская ЛГБТ-сеть]\n",
        encoding="utf-8",
    )
    out = seed(str(records))
    assert "1 existing actors reused" in out
    network = Actor.objects.get(name="Russian LGBT Network")
    assert Actor.objects.filter(search_names__contains="russian lgbtq network").get() == network
    assert network.citations.filter(source__title="Statement").exists()


# --- bad input is refused, and nothing is written -------------------------------------------


def bad_records(tmp_path: Path, old: str, new: str, marker: str) -> tuple[Path, int]:
    """The seed records with one change, and the line of the marker text in the changed file."""
    text = RECORDS.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(marker)].count("\n") + 1


BAD_INPUTS = {
    "YAML that does not parse": (
        "    description: gay and bisexual men in Chechnya\n",
        "    description: gay: bisexual men\n",
        "gay: bisexual",
        "YAML does not parse",
    ),
    "unknown vocabulary code": (
        '        type: "020111110000"  # Torture',
        '        type: "020111119999"',
        "020111119999",
        "unknown code '020111119999' in the violation_type vocabulary",
    ),
    "quote not in the article": (
        "“Help me,” Akhmadov said.",
        "“Help me,” Akhmadov shouted.",
        "Akhmadov shouted",
        "this quote is not in the source's text",
    ),
    "end date before start": (
        "    start_date: 2018-07-13\n",
        "    start_date: 2018-07-13\n    end_date: 2018-07-01\n",
        "end_date: 2018-07-01",
        "end_date: The end date is before the start date.",
    ),
    "negative count": (
        "    count: 100\n",
        "    count: -100\n",
        "count: -100",
        "victim 'purge_men': count: Ensure this value is greater than or equal to 0.",
    ),
    "region not in its country": (
        "    region: RU-SPE\n",
        "    region: UA-30\n",
        "UA-30",
        "region: UA-30 is not a subdivision of RU.",
    ),
    "unknown key reference": (
        "      - victim: other_kidnapped\n",
        "      - victim: other_kidnaped\n",
        "other_kidnaped",
        "victim: 'other_kidnaped' is not a key defined above",
    ),
    "a record that cites nothing": (
        '    cite:\n      - "at least 100 gay and bisexual men"\n',
        "",
        "- key: purge_men",  # the victim's own line: the key it lacks has none
        "victim 'purge_men': cite: give at least one quote",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_records_are_refused_with_their_file_and_line(db, tmp_path, case):
    old, new, marker, message = BAD_INPUTS[case]
    path, line = bad_records(tmp_path, old, new, marker)
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("seed", str(path), verbosity=0)
    error = str(refused.value)
    assert f"bad.yaml:{line}: " in error and message in error
    assert "\n" not in error
    # Nothing at all: not the vocabularies that loaded before the error, not the source.
    assert row_counts() == before
    assert not Term.objects.exists() and not Source.objects.exists() and not Incident.objects.exists()


def test_the_command_line_exits_non_zero_with_one_line(transactional_db, tmp_path, capsys):
    # transactional_db: run_from_argv() closes the database connection when it ends, which the
    # transaction the db fixture wraps the test in would not survive on PostgreSQL.
    path, line = bad_records(tmp_path, "    count: 100\n", "    count: -100\n", "count: -100")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "seed", "--skip-checks", str(path)])
    assert exit_.value.code == 1
    message = "victim 'purge_men': count: Ensure this value is greater than or equal to 0."
    assert capsys.readouterr().err.strip().splitlines() == [f"CommandError: {path}:{line}: {message}"]
    assert not Victim.objects.exists()


def test_a_broken_vocabularies_file_is_refused(db, tmp_path):
    vocabularies = tmp_path / "vocabularies.yaml"
    vocabularies.write_text(
        "method:\n"
        '  - {code: "A", label: "Beating", parent: null}\n'
        '  - {code: "B", label: "Kicking", parent: "C"}\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"vocabularies\.yaml:3: method: unknown parent code C"):
        call_command("seed", "--vocabularies-only", "--vocabularies", str(vocabularies))
    assert not Term.objects.exists()


def test_a_records_file_that_does_not_exist_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="missing.yaml: no such file"):
        call_command("seed", str(tmp_path / "missing.yaml"))
    assert not Term.objects.exists()
