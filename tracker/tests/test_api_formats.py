"""Lists as JSON pages (cursor links), CSV and GeoJSON streams, and the brief form."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

from incidents.api.serializers import (
    INCIDENT_COLUMNS,
    PERPETRATOR_COLUMNS,
    RESPONSE_COLUMNS,
    TERM_COLUMNS,
    VICTIM_COLUMNS,
    VIOLATION_COLUMNS,
)
from incidents.models import Incident
from sources.api.serializers import SOURCE_COLUMNS
from tracker.tests.api_data import *  # noqa: F403

COLUMNS = {
    "incidents": INCIDENT_COLUMNS,
    "violations": VIOLATION_COLUMNS,
    "victims": VICTIM_COLUMNS,
    "perpetrators": PERPETRATOR_COLUMNS,
    "advocacy-responses": RESPONSE_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "terms": TERM_COLUMNS,
}


def streamed(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("resource", list(COLUMNS))
def test_csv_streams_one_row_per_record_with_the_documented_columns(world, api, resource):
    client = api("partner")
    listed = client.get(f"/api/v1/{resource}/", {"page_size": 1000}).json()["results"]
    response = client.get(f"/api/v1/{resource}/", {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert list(rows[0]) == [column.name for column in COLUMNS[resource]]
    assert [row["id"] for row in rows] == [str(record["id"]) for record in listed]


def test_csv_has_every_row_not_a_page(world, api):
    rows = streamed(api("partner").get("/api/v1/incidents/", {"format": "csv", "page_size": 1})).splitlines()
    assert len(rows) == 1 + 2


def test_csv_cells_are_flat_and_defused_for_spreadsheets(world, api):
    Incident.objects.filter(pk=world.ukraine.pk).update(title='=HYPERLINK("http://evil")')
    rows = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO(streamed(api("partner").get("/api/v1/incidents/?format=csv"))))
    }
    assert rows[str(world.ukraine.pk)]["title"].startswith("'=")
    chechnya = rows[str(world.chechnya.pk)]
    assert chechnya["violation_types"] == "020101000000;030000000000;TRK-0001"
    assert chechnya["is_ongoing"] == "false" and chechnya["latitude"] == "43.291000"


def test_geojson_streams_a_feature_collection_of_incidents(world, api):
    response = api("partner").get("/api/v1/incidents/", {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = json.loads(streamed(response))
    features = {feature["id"]: feature for feature in collection["features"]}
    assert collection["type"] == "FeatureCollection" and set(features) == {
        world.chechnya.pk,
        world.ukraine.pk,
    }
    assert features[world.chechnya.pk]["geometry"] == {"type": "Point", "coordinates": [45.872, 43.291]}
    assert features[world.ukraine.pk]["geometry"] is None
    assert features[world.chechnya.pk]["properties"]["region"] == "RU-CE"


def test_geojson_is_for_incidents_only(world, api):
    response = api("partner").get("/api/v1/victims/", {"format": "geojson"})
    assert response.status_code == 400 and list(response.json()) == ["format"]


def test_errors_are_json_even_when_csv_was_asked_for(world, api):
    response = api("partner").get("/api/v1/incidents/", {"format": "csv", "country": "XX"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["country"]


def test_a_record_can_be_had_as_csv(world, api):
    rows = streamed(
        api("partner").get(f"/api/v1/victims/{world.staff_victim.pk}/", {"format": "csv"})
    ).splitlines()
    assert len(rows) == 2 and world.staff_victim.pseudonym in rows[1] and "[withheld]" in rows[1]


@pytest.mark.parametrize("resource", list(COLUMNS))
def test_the_brief_form_is_id_url_and_display(world, api, resource):
    rows = api("partner").get(f"/api/v1/{resource}/", {"brief": "1"}).json()["results"]
    assert rows
    if resource != "terms":
        assert all(set(row) == {"id", "url", "display"} for row in rows)


def test_a_victims_brief_display_is_its_pseudonym(world, api):
    rows = api("partner").get("/api/v1/victims/", {"brief": "true"}).json()["results"]
    assert {row["display"] for row in rows} == {
        victim.pseudonym
        for victim in (
            world.public_victim,
            world.partners_victim,
            world.staff_victim,
            world.restricted_victim,
            world.group_victim,
        )
    }


def test_related_records_are_linked_by_url_and_id(world, api):
    client = api("partner")
    violation = client.get(f"/api/v1/violations/{world.violations[0].pk}/").json()
    assert violation["incident"]["id"] == world.chechnya.pk
    assert client.get(violation["incident"]["url"]).json()["id"] == world.chechnya.pk
    assert client.get(violation["victim"]["url"]).json()["pseudonym"] == world.public_victim.pseudonym
    perpetrator = violation["involvements"][0]["perpetrator"]
    assert client.get(perpetrator["url"]).json()["name"] == "Chechen police"


@pytest.mark.parametrize("ordering", ["-start_date", "title", "-updated_at", "end_date"])
def test_cursor_pages_walk_forward_and_back_without_gaps(world, api, terms, ordering):
    for number in range(7):
        Incident.objects.create(
            title=f"Incident {number % 3}", start_date=None if number % 2 else world.chechnya.start_date
        )
    client = api("partner")
    everything = [
        row["id"]
        for row in client.get("/api/v1/incidents/", {"ordering": ordering, "page_size": 100}).json()[
            "results"
        ]
    ]
    pages, url = [], f"/api/v1/incidents/?ordering={ordering}&page_size=2"
    while url:
        page = client.get(url).json()
        pages.append(page)
        url = page["next"]
    assert [row["id"] for page in pages for row in page["results"]] == everything
    assert pages[0]["previous"] is None and len(pages) == 5
    back = client.get(pages[-1]["previous"]).json()
    assert back["results"] == pages[-2]["results"]


def test_pages_follow_the_filters(world, api):
    page = api("partner").get("/api/v1/incidents/", {"country": "RU,UA", "page_size": 1}).json()
    assert "country=RU%2CUA" in page["next"]
    second = api("partner").get(page["next"]).json()
    assert second["next"] is None and len(second["results"]) == 1


def test_every_csv_column_is_documented():
    from django.conf import settings

    guide = (settings.BASE_DIR / "docs" / "api.md").read_text()
    for resource, columns in COLUMNS.items():
        section = guide.split(f"#### `{resource}`")[1].split("####")[0].split("\n## ")[0]
        assert [column.name for column in columns] == [
            line.split("`")[1] for line in section.splitlines() if line.startswith("| `")
        ]
