"""What an incident links to (violations, perpetrators, sources, responses) is the same on its
own page, in a list and in its CSV row, in the documented order."""

import csv
import datetime
import io

import pytest

from incidents.choices import Disclosure
from incidents.models import Actor, AdvocacyResponse, Incident, Victim
from sources.models import Source
from tracker.tests.api_data import *  # noqa: F403
from tracker.tests.api_data import _cite, _violation

from .test_api_formats import streamed


@pytest.fixture
def linked(terms):
    """An incident in France whose links each come in an order that can be told apart."""
    incident = Incident.objects.create(
        title="Raid on a bar",
        start_date=datetime.date(2020, 1, 1),
        country="FR",
        disclosure=Disclosure.PUBLIC,
    )
    # Made in the opposite order to the one they are shown in.
    bravo = Actor.objects.create(name="Bravo unit")
    alpha = Actor.objects.create(name="Alpha unit")
    first, second = (
        Victim.objects.create(description=f"patron {n}", disclosure=Disclosure.PUBLIC) for n in (1, 2)
    )
    # The later violation is made first, and names Bravo before Alpha.
    later = _violation(
        incident, first, terms["torture"], bravo, terms["direct"], date=datetime.date(2020, 1, 2)
    )
    later.involvements.create(perpetrator=alpha, degree=terms["ordered"])
    earlier = _violation(
        incident, second, terms["detention"], alpha, terms["direct"], date=datetime.date(2020, 1, 1)
    )
    report, letter = (Source.objects.create(title=title, text=f"{title}.") for title in ("Report", "Letter"))
    _cite(report, later, "Report")
    _cite(letter, incident, "Letter")
    _cite(report, incident, "Report")
    responses = []
    for month in (2, 3):
        response = AdvocacyResponse.objects.create(
            title=f"Statement {month}", response_type=terms["statement"], date=datetime.date(2020, month, 1)
        )
        response.incidents.add(incident)
        responses.append(response)
    return {
        "incident": incident,
        "violations": [earlier, later],  # by date
        "perpetrators": [alpha, bravo],  # as their violations come, each once
        "sources": [report, letter],  # by id, each once
        "responses": responses[::-1],  # newest first
    }


def ids(links: list[dict]) -> list[int]:
    return [link["id"] for link in links]


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_an_incidents_links_are_the_same_on_its_page_and_in_a_list(world, linked, api, role):
    client = api(role)
    record = client.get(f"/api/v1/incidents/{linked['incident'].pk}/").json()
    listed = client.get("/api/v1/incidents/", {"country": "FR"}).json()["results"]
    assert listed == [record]
    for relation in ("violations", "perpetrators", "sources", "responses"):
        assert ids(record[relation]) == [related.pk for related in linked[relation]], relation
    assert [link["display"] for link in record["perpetrators"]] == ["Alpha unit", "Bravo unit"]
    assert [link["display"] for link in record["sources"]] == ["Report", "Letter"]
    earlier = record["violations"][0]
    assert earlier["display"] == f"Arbitrary detention — {linked['violations'][0].victim.pseudonym}"
    assert earlier["violation_type"] == {"code": "030000000000", "label": "Arbitrary detention"}
    assert earlier["victim"]["id"] == linked["violations"][0].victim_id
    assert earlier["url"].endswith(f"/api/v1/violations/{linked['violations'][0].pk}/")


def test_an_incidents_csv_row_carries_the_same_links(world, linked, api):
    response = api("partner").get("/api/v1/incidents/", {"country": "FR", "format": "csv"})
    (row,) = csv.DictReader(io.StringIO(streamed(response)))
    assert row["perpetrator_ids"] == ";".join(str(actor.pk) for actor in linked["perpetrators"])
    assert row["perpetrators"] == "Alpha unit;Bravo unit"
    assert row["source_ids"] == ";".join(str(source.pk) for source in linked["sources"])
    assert row["response_ids"] == ";".join(str(response.pk) for response in linked["responses"])
    assert row["violation_count"] == "2"
    assert row["violation_types"] == "020101000000;030000000000"
