"""`manage.py evaluate_extraction`: precision and recall per category on the labelled articles."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

EVAL = Path(__file__).resolve().parents[2] / "seeds" / "eval"


def evaluate(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate_extraction", *args, stdout=out)
    return out.getvalue()


def test_it_prints_precision_and_recall_per_category() -> None:
    out = evaluate()
    for category in ("victims", "perpetrators", "advocacy actors", "places", "violation types", "dates"):
        assert any(line.startswith(category) for line in out.splitlines()), category
    assert "precision" in out and "recall" in out
    assert "must find: 8/8" in out


def test_the_labelled_set_meets_the_targets() -> None:
    figures = json.loads(evaluate("--json"))
    assert figures["articles"] >= 11
    totals = figures["totals"]
    for category in ("victims", "perpetrators", "advocacy actors"):
        assert totals[category]["recall"] >= 0.85 and totals[category]["precision"] >= 0.75, category
    for category in ("places", "violation types"):
        assert totals[category]["recall"] >= 0.8 and totals[category]["precision"] >= 0.8, category
    assert figures["must_find_missing"] == []


def test_the_seed_article_alone_finds_everyone_the_issue_names() -> None:
    figures = json.loads(evaluate(str(EVAL / "00_seed_chechnya.yaml"), "--json"))
    assert figures["articles"] == 1 and figures["must_find_missing"] == []


def test_check_fails_when_a_must_find_is_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Police detained the activist Anna Ivanova in Moscow.\n", encoding="utf-8"
    )
    (tmp_path / "a.yaml").write_text(
        "file: a.txt\nvictims: [{name: Anna Ivanova}]\nmust_find: [Boris Petrov]\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="not found a: Boris Petrov"):
        evaluate(str(tmp_path / "a.yaml"), "--check")


def test_details_name_what_was_missed_and_what_was_wrong(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Police detained the activist Anna Ivanova in Moscow.\n", encoding="utf-8"
    )
    (tmp_path / "a.yaml").write_text("file: a.txt\nvictims: [{name: Boris Petrov}]\n", encoding="utf-8")
    out = evaluate(str(tmp_path / "a.yaml"), "--details")
    assert "victims: missed ['Boris Petrov'] wrong ['Anna Ivanova']" in out
