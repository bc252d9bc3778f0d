"""The hand-made place names resolve to real ISO 3166 codes, and extraction uses them."""

import io
import json
from pathlib import Path

import pycountry
import yaml
from django.core.management import call_command

DATA = Path(__file__).resolve().parents[1] / "ingest" / "data"


def test_every_hand_made_code_is_an_iso_3166_code() -> None:
    places = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    for code in places["countries"]:
        assert pycountry.countries.get(alpha_2=code), code
    for name, code in [*places["demonyms"].items()]:
        assert pycountry.countries.get(alpha_2=code), name
    for name, code in places["regions"].items():
        assert pycountry.subdivisions.get(code=code), name
    for name, city in places["cities"].items():
        assert pycountry.countries.get(alpha_2=city["country"]), name
        if city.get("region"):
            region = pycountry.subdivisions.get(code=city["region"])
            assert region and region.country_code == city["country"], name


def test_places_come_with_their_codes_and_a_region_needs_its_country_named(db, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Soldiers detained two journalists in Guerrero, Mexico, and in Iguala.\n"
        "Georgia is a place name, but nothing here names the United States or its state.\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("ingest", str(tmp_path / "a.txt"), "--dry-run", "--json", stdout=out, stderr=io.StringIO())
    places = {
        item["text"]: (item["kind"], item["country"], item["region"])
        for item in json.loads(out.getvalue())["places"]
    }
    assert places["Guerrero"] == ("region", "MX", "MX-GRO")
    assert places["Mexico"] == ("country", "MX", "")
    assert places["Iguala"] == ("city", "MX", "MX-GRO")
    assert places["Georgia"] == ("country", "GE", "")  # the country, not the US state
