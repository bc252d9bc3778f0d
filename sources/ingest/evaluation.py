"""Measuring extraction against hand-labelled articles (seeds/eval/*.yaml).

Each labelled file names its article and lists, written from the text alone, the victims,
perpetrators, advocacy actors, places, violation types and dates a reader finds there. An item
marked `optional: true` is one a reader may or may not list: finding it is not counted against
precision, missing it not against recall.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sources.ingest.archive import read_article
from sources.ingest.extract import extract
from sources.ingest.text import normalise

CATEGORIES = ("victims", "perpetrators", "advocacy actors", "places", "violation types", "dates")
# Targets from the issue: named actors, then places and violation types.
TARGETS = {
    "victims": (0.75, 0.85),
    "perpetrators": (0.75, 0.85),
    "advocacy actors": (0.75, 0.85),
    "places": (0.8, 0.8),
    "violation types": (0.8, 0.8),
}


@dataclass
class Score:
    expected: int = 0
    found: int = 0  # expected items that extraction found
    predicted: int = 0
    correct: int = 0  # predicted items that match an expected one
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.expected += other.expected
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct
        self.missed += other.missed
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass
class ArticleResult:
    name: str
    scores: dict[str, Score]
    must_find: dict[str, bool]


def _forms(item: dict) -> set[str]:
    names = [item.get("name"), item.get("group"), item.get("text"), *item.get("aliases", [])]
    return {normalise(str(name)) for name in names if name}


def _match(predicted: list[dict], expected: list[dict], same) -> Score:
    score = Score()
    required = [item for item in expected if not item.get("optional")]
    score.expected = len(required)
    for item in required:
        if any(same(guess, item) for guess in predicted):
            score.found += 1
        else:
            score.missed.append(str(item.get("name") or item.get("group") or item.get("text") or item))
    for guess in predicted:
        matches = [item for item in expected if same(guess, item)]
        if matches and all(item.get("optional") for item in matches):
            continue  # an optional item found: neither right nor wrong
        score.predicted += 1
        if matches:
            score.correct += 1
        else:
            score.wrong.append(str(guess.get("name") or guess.get("text") or guess))
    return score


def _same_name(guess: dict, item: dict) -> bool:
    if item.get("count") is not None and guess.get("count") is not None:
        return guess["count"] == item["count"] and guess.get("count_qualifier", "exact") == item.get(
            "qualifier", "exact"
        )
    return bool(_forms(guess) & _forms(item))


def _same_place(guess: dict, item: dict) -> bool:
    if not _forms(guess) & _forms(item) or guess.get("country") != item.get("country"):
        return False
    return not item.get("region") or guess.get("region") == item["region"]


def _ancestry(code: str) -> str:
    """The HURIDOCS code without its trailing zero pairs: '030102000000' → '030102'."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def _same_type(guess: dict, item: dict) -> bool:
    predicted, expected = str(guess["code"]), str(item["code"])
    if predicted == expected:
        return True
    # A more or less specific term of the same kind of act counts ("killing" for "murder"),
    # but not a mere sibling, and not across the first three levels.
    a, b = _ancestry(predicted), _ancestry(expected)
    return (
        not predicted.startswith("TRK") and min(len(a), len(b)) >= 6 and (a.startswith(b) or b.startswith(a))
    )


def _same_date(guess: dict, item: dict) -> bool:
    if item.get("date"):
        return guess.get("date") == str(item["date"]) and guess.get("precision") == item.get(
            "precision", "day"
        )
    return not guess.get("date") and normalise(guess.get("text", "")) == normalise(item.get("text", ""))


def advocacy_actors(document: dict) -> list[dict]:
    actors: dict[str, dict] = {}
    for response in document["advocacy_responses"]:
        for actor in response["actors"]:
            actors.setdefault(actor["id"], actor)
    return list(actors.values())


def score_article(document: dict, expected: dict) -> dict[str, Score]:
    types = [{"code": code} for code in sorted({v["violation_type"] for v in document["violations"]})]
    expected_types = [{"code": code} for code in expected.get("violation_types", [])]
    return {
        "victims": _match(document["victims"], expected.get("victims", []), _same_name),
        "perpetrators": _match(document["perpetrators"], expected.get("perpetrators", []), _same_name),
        "advocacy actors": _match(advocacy_actors(document), expected.get("advocacy_actors", []), _same_name),
        "places": _match(document["places"], expected.get("places", []), _same_place),
        "violation types": _match(types, expected_types, _same_type),
        "dates": _match(document["dates"], expected.get("dates", []), _same_date),
    }


def labelled_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("*.yaml") if not path.name.startswith("."))


def evaluate(files: Iterable[Path], *, directory=None) -> list[ArticleResult]:
    results = []
    for path in files:
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        article = read_article((path.parent / expected["file"]).resolve())
        metadata = article.metadata
        reference = expected.get("reference_date") or metadata.reference_date or metadata.published_on
        if isinstance(reference, str):
            reference = datetime.date.fromisoformat(reference)
        document = extract(article.text, reference_date=reference, title=metadata.title, directory=directory)
        scores = score_article(document, expected)
        found_forms = set()
        for category in ("victims", "perpetrators"):
            for item in document[category]:
                found_forms |= _forms(item)
        for actor in advocacy_actors(document):
            found_forms |= _forms(actor)
        must_find = {name: normalise(name) in found_forms for name in expected.get("must_find", [])}
        results.append(ArticleResult(path.stem, scores, must_find))
    return results


def totals(results: list[ArticleResult]) -> dict[str, Score]:
    total = {category: Score() for category in CATEGORIES}
    for result in results:
        for category, score in result.scores.items():
            total[category].add(score)
    return total
