"""`manage.py ingest`: archiving, refusals, idempotency, the dry-run JSON, evidence offsets."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents.models import Actor
from sources.ingest.archive import read_article
from sources.models import Citation, Source, Suggestion

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "000_682fccb5fc53fd06.txt"
CATEGORIES = {"incidents", "violations", "victims", "perpetrators", "places", "dates", "advocacy_responses"}

ARTICLE = """Title: Journalist detained in Minsk
Publisher: Example Wire
Author: Jane Roe
Date: 2021-05-24
URL: https://example.org/minsk

Belarusian police detained the journalist Roman Protasevich in Minsk on Sunday, CPJ said.
The Committee to Protect Journalists called for his immediate release.
"""

HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Activist abducted in Grozny - The Example Times</title>
<meta property="og:title" content="Activist abducted in Grozny">
<meta property="og:site_name" content="The Example Times">
<meta name="author" content="Ivan Petrov">
<meta property="article:published_time" content="2019-03-15T08:00:00Z">
<link rel="canonical" href="https://example.org/grozny-activist">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World news menu</a></nav>
<article><h1>Activist abducted in Grozny</h1>
<p>Police officers abducted the activist Timur Isaev in Grozny on Wednesday,
according to the Russian LGBT Network.</p>
<p>The Russian LGBT Network filed a police report and called for an investigation into his abduction.</p>
<p>Isaev was beaten during his detention, the group said in a statement on Thursday.</p>
</article>
<footer>Subscribe to our newsletter for cookie settings.</footer></body></html>
"""


def ingest(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "minsk.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "grozny.html").write_text(HTML, encoding="utf-8")
    return tmp_path


def test_it_archives_plain_text_with_the_header_as_metadata(db, tmp_path: Path) -> None:
    path = tmp_path / "minsk.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out, _ = ingest(str(path))
    source = Source.objects.get()
    assert (source.title, source.publisher, source.author) == (
        "Journalist detained in Minsk",
        "Example Wire",
        "Jane Roe",
    )
    assert str(source.published_on) == "2021-05-24" and source.url == "https://example.org/minsk"
    assert source.language == "en" and source.file_name == "minsk.txt"
    assert source.text.startswith("Belarusian police detained")  # the header is metadata, not text
    assert source.original_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.suggestions.exists()
    assert "1 files read, 1 new sources" in out


def test_it_reduces_saved_html_to_the_article_and_reads_its_metadata(db, folder: Path) -> None:
    ingest(str(folder / "grozny.html"))
    source = Source.objects.get()
    assert source.title == "Activist abducted in Grozny"
    assert (source.author, source.publisher, source.url) == (
        "Ivan Petrov",
        "The Example Times",
        "https://example.org/grozny-activist",
    )
    assert str(source.published_on) == "2019-03-15" and source.language == "en"
    assert "Police officers abducted the activist Timur Isaev" in source.text
    assert "newsletter" not in source.text and "World news menu" not in source.text


def test_the_same_article_twice_is_one_source_and_no_new_suggestions(db, folder: Path) -> None:
    ingest(str(folder))
    suggestions = Suggestion.objects.count()
    out, _ = ingest(str(folder))
    assert Source.objects.count() == 2
    assert Suggestion.objects.count() == suggestions
    assert "2 files read, 0 new sources, 0 suggestions made, 0 files refused." in out


def test_a_copy_of_an_archived_file_under_another_name_is_the_same_source(db, tmp_path: Path) -> None:
    # Plain text is archived byte for byte (as the seed loader does), so the hashes agree.
    copy = tmp_path / "again.txt"
    copy.write_bytes(SEED.read_bytes())
    ingest(str(SEED))
    ingest(str(copy))
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n ", "empty file (only white space)"),
        ("photo.txt", bytes(range(256)) * 4, "binary file"),
        ("latin1.txt", "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve".encode("latin-1") * 3, "not decodable"),
        ("big.txt", b"Police detained an activist. " * 100, "too large"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "too-large"],
)
def test_a_bad_file_is_refused_with_its_reason_and_the_batch_goes_on(
    db, folder: Path, name, content, reason
) -> None:
    (folder / name).write_bytes(content)
    out, err = ingest(str(folder), "--max-bytes", "2000")
    assert f"refused {folder / name}: {reason}" in err
    assert Source.objects.count() == 2  # both good files
    assert "3 files read, 2 new sources" in out and "1 files refused (1 " in out


def test_a_missing_path_is_refused_too(db, folder: Path) -> None:
    out, err = ingest(str(folder / "nowhere.txt"), str(folder / "minsk.txt"))
    assert "refused" in err and "nowhere.txt: cannot be read" in err
    assert Source.objects.count() == 1


def test_dry_run_json_prints_one_document_per_file_and_writes_nothing(db, folder: Path) -> None:
    out, err = ingest(str(folder), "--dry-run", "--json")
    documents = [json.loads(line) for line in out.splitlines()]
    assert len(documents) == 2
    assert Source.objects.count() == 0 and Suggestion.objects.count() == 0
    assert "2 files read, 2 new sources that would be archived" in err  # stdout stays pure JSON
    for document in documents:
        assert set(document) == {"source"} | CATEGORIES
        assert {"title", "publisher", "author", "published_on", "language", "url", "sha256"} <= set(
            document["source"]
        )
        assert len(document["source"]["sha256"]) == 64


def test_dry_run_items_carry_text_normalised_fields_and_evidence_that_matches_the_text(
    db, folder: Path
) -> None:
    out, _ = ingest(str(folder / "grozny.html"), "--dry-run", "--json")
    document = json.loads(out)
    text = read_article(folder / "grozny.html").text
    assert document["source"]["text_length"] == len(text)
    for category in CATEGORIES:
        for item in document[category]:
            assert item["text"]
            evidence = item["evidence"]
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    victims = {item["name"]: item for item in document["victims"]}
    assert "Timur Isaev" in victims
    perpetrators = {item["name"]: item for item in document["perpetrators"]}
    assert perpetrators["Police officers"]["perpetrator_type"] == "010104000000"
    assert {"020101000000", "030104000000"} <= {item["violation_type"] for item in document["violations"]}
    grozny = next(item for item in document["places"] if item["text"] == "Grozny")
    assert (grozny["country"], grozny["region"]) == ("RU", "RU-CE")
    responses = {item["response_type"] for item in document["advocacy_responses"]}
    assert "TRK-police-report" in responses
    wednesday = next(item for item in document["dates"] if item["text"].endswith("Wednesday"))
    assert (wednesday["date"], wednesday["precision"]) == ("2019-03-13", "day")


def test_relative_dates_without_a_reference_are_marked_unresolved(db, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Police arrested the blogger Anna Ivanova on Friday in Moscow.\n", encoding="utf-8"
    )
    out, _ = ingest(str(tmp_path / "a.txt"), "--dry-run", "--json")
    friday = json.loads(out)["dates"][0]
    assert friday["text"] == "on Friday" and friday["date"] is None and friday["resolved"] is False
    out, _ = ingest(str(tmp_path / "a.txt"), "--dry-run", "--json", "--reference-date", "2018-07-17")
    assert json.loads(out)["dates"][0]["date"] == "2018-07-13"


def test_stored_suggestions_quote_the_archived_text_at_their_offsets(db, folder: Path) -> None:
    ingest(str(folder))
    for suggestion in Suggestion.objects.select_related("source"):
        assert suggestion.source.text[suggestion.start : suggestion.end] == suggestion.quote
        span = suggestion.payload["span"]
        assert (
            suggestion.source.text[span["start"] : span["end"]] == suggestion.text
            or suggestion.kind == "incident"
        )
    assert not Citation.objects.exists()  # nothing becomes a record without a reviewer


def test_a_name_already_in_the_database_is_linked_not_proposed_again(db, folder: Path) -> None:
    network = Actor.objects.create(
        name="Российская ЛГБТ-сеть", aliases="Russian LGBT Network", kind="organisation"
    )
    police = Actor.objects.create(name="POLICE OFFICERS", kind="group")
    out, _ = ingest(str(folder / "grozny.html"), "--dry-run", "--json")
    document = json.loads(out)
    actors = [actor for response in document["advocacy_responses"] for actor in response["actors"]]
    assert {"model": "actor", "id": network.pk, "name": network.name, "kind": "organisation"} in [
        a["existing"] for a in actors
    ]
    perpetrator = next(item for item in document["perpetrators"] if item["name"] == "Police officers")
    assert perpetrator["existing"]["id"] == police.pk  # whatever the case


def test_a_transliterated_name_links_to_the_cyrillic_record(db, tmp_path: Path) -> None:
    actor = Actor.objects.create(name="Рамзан Кадыров", kind="person")
    (tmp_path / "a.txt").write_text(
        "Title: Roundup\nDate: 2017-04-03\n\n"
        "Ramzan Kadyrov's government arrested dozens of men in Argun last week.\n",
        encoding="utf-8",
    )
    out, _ = ingest(str(tmp_path / "a.txt"), "--dry-run", "--json")
    perpetrator = json.loads(out)["perpetrators"][0]
    assert perpetrator["name"] == "Ramzan Kadyrov" and perpetrator["existing"]["id"] == actor.pk


def test_reextracting_keeps_rejected_suggestions_rejected(db, reviewer, folder: Path) -> None:
    from sources.services import suggestion_reject

    ingest(str(folder / "minsk.txt"))
    rejected = Suggestion.objects.filter(kind="place").first()
    suggestion_reject(suggestion=rejected, user=reviewer)
    before = Suggestion.objects.count()
    out, _ = ingest(str(folder / "minsk.txt"), "--reextract")
    assert Suggestion.objects.count() == before
    assert Suggestion.objects.get(pk=rejected.pk).status == "rejected"
    assert "0 suggestions made" in out
