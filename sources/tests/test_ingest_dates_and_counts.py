"""Dates keep their precision and are resolved against the publication date; counts keep their
qualifier ("at least 100" is not 100). Read through `ingest --dry-run --json`."""

import io
import json
from pathlib import Path

from django.core.management import call_command

ARTICLE = """Title: Arrests continue
Date: 2018-07-17

In the 15 months since the authorities rounded up at least 100 gay and bisexual men, a petition grew.
Police detained the activist Anna Ivanova on Friday, after she fled to Moscow in April.
She was first arrested last year, and was beaten on 27 June 2016 by about 30 men.
"""


def document(tmp_path: Path) -> dict:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", str(tmp_path / "a.txt"), "--dry-run", "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_dates_keep_their_precision_and_relative_ones_are_resolved(db, tmp_path: Path) -> None:
    dates = {item["text"]: (item["date"], item["precision"]) for item in document(tmp_path)["dates"]}
    assert dates["In the 15 months since"] == ("2017-04-01", "month")
    assert dates["on Friday"] == ("2018-07-13", "day")
    assert dates["in April"] == ("2018-04-01", "month")
    assert dates["last year"] == ("2017-01-01", "year")
    assert dates["27 June 2016"] == ("2016-06-27", "day")


def test_counts_keep_their_qualifier(db, tmp_path: Path) -> None:
    victims = {item["text"]: item for item in document(tmp_path)["victims"]}
    men = victims["at least 100 gay and bisexual men"]
    assert (men["kind"], men["count"], men["count_qualifier"], men["description"]) == (
        "group",
        100,
        "at_least",
        "gay and bisexual men",
    )
    assert "Anna Ivanova" in {item["name"] for item in victims.values()}


def test_a_violation_names_its_victim_perpetrator_date_and_type(db, tmp_path: Path) -> None:
    found = document(tmp_path)
    detention = next(item for item in found["violations"] if item["violation_type"] == "030102000000")
    assert detention["victim"] == "victim:anna-ivanova"
    assert detention["perpetrators"][0]["perpetrator"] == "perpetrator:police"
    assert (detention["date"], detention["date_precision"]) == ("2018-07-13", "day")
    assert detention["violation_type_label"] == "Detention, imprisonment"
