"""Every filter of every list, with a good value (the records it must return) and a bad one.

A bad value is a 400 whose body names the parameter: never an empty list, never a 500. The
world is api_data.py's: Chechnya (RU-CE, April 2017 to the month, police, a response, cited by
`source`) and Ukraine (2019 to the year, ongoing, a militia, cited by `other_source` through a
violation), as a partner sees them.
"""

from collections import namedtuple

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from incidents.api import filters as incident_filters
from incidents.api.filters import INCIDENT_SEARCH_VECTOR
from incidents.models import Incident
from tracker.tests.api_data import *  # noqa: F403

Case = namedtuple("Case", "resource parameter good expected bad")

# expected(world) gives the ids the good value must return, in any order.
CASES = [
    # --- incidents ---
    Case("incidents", "date_after", "2017-04-30", lambda w: {w.chechnya, w.ukraine}, "2017-13-01"),
    Case("incidents", "date_before", "2018-12-31", lambda w: {w.chechnya}, "yesterday"),
    Case("incidents", "country", "ru", lambda w: {w.chechnya}, "XX"),
    Case("incidents", "region", "RU-CE", lambda w: {w.chechnya}, "RU-XX"),
    Case("incidents", "violation_type", "020000000000", lambda w: {w.chechnya, w.ukraine}, "NOPE"),
    Case("incidents", "perpetrator", lambda w: w.militia.pk, lambda w: {w.ukraine}, "abc"),
    Case("incidents", "perpetrator_type", "240300000000", lambda w: {w.ukraine}, "240300000000,NOPE"),
    Case("incidents", "state_actor", "true", lambda w: {w.chechnya}, "maybe"),
    Case("incidents", "victim", lambda w: w.staff_victim.pseudonym, lambda w: {w.chechnya}, "V-NOPE00"),
    Case("incidents", "victim_group", "bisexual", lambda w: {w.chechnya}, "x" * 201),
    Case("incidents", "victim_kind", "group", lambda w: {w.chechnya}, "crowd"),
    Case("incidents", "status", "corroborated,verified", lambda w: {w.chechnya, w.ukraine}, "confirmed"),
    Case("incidents", "source", lambda w: w.other_source.pk, lambda w: {w.ukraine}, "99999"),
    Case("incidents", "has_response", "false", lambda w: {w.ukraine}, "2"),
    Case("incidents", "bbox", "45,43,46,44", lambda w: {w.chechnya}, "45,43,46"),
    Case("incidents", "search", "compound", lambda w: {w.chechnya}, "x" * 201),
    Case("incidents", "updated_after", "2000-01-01T00:00:00Z", lambda w: {w.chechnya, w.ukraine}, "soon"),
    # --- violations ---
    Case(
        "violations", "incident", lambda w: w.ukraine.pk, lambda w: {w.violations[5]}, lambda w: w.hidden.pk
    ),
    Case(
        "violations",
        "victim",
        lambda w: w.public_victim.pk,
        lambda w: {w.violations[0], w.violations[5]},
        "0",
    ),
    Case("violations", "violation_type", "TRK-0001", lambda w: {w.violations[3]}, "TRK-9999"),
    Case("violations", "method", "050101000000", lambda w: {w.violations[0]}, "NOPE"),
    Case("violations", "status", "410100000000", lambda w: set(), "NOPE"),
    Case("violations", "perpetrator", lambda w: w.militia.pk, lambda w: {w.violations[5]}, "-1"),
    Case("violations", "perpetrator_type", "240300000000", lambda w: {w.violations[5]}, "NOPE"),
    Case("violations", "state_actor", "false", lambda w: {w.violations[5]}, "yes please"),
    Case("violations", "date_after", "2019-01-01", lambda w: {w.violations[5]}, "2019-02-30"),
    Case("violations", "date_before", "2017-12-31", lambda w: {w.violations[0]}, "31/12/2017"),
    Case("violations", "country", "UA", lambda w: {w.violations[5]}, "UKR"),
    Case("violations", "region", "RU-CE", lambda w: set(w.violations[:5]), "RU"),
    Case("violations", "search", "broken rib", lambda w: {w.violations[0]}, "x" * 201),
    Case("violations", "updated_after", "2999-01-01", lambda w: set(), "2999-99-99"),
    # --- victims ---
    Case("victims", "kind", "group", lambda w: {w.group_victim}, "crowd"),
    Case(
        "victims",
        "gender",
        "MALE",
        lambda w: {w.public_victim, w.partners_victim, w.staff_victim, w.restricted_victim},
        "x" * 41,
    ),
    Case("victims", "age_range", "18-25", lambda w: {w.staff_victim}, "x" * 21),
    Case("victims", "disclosure", "restricted", lambda w: {w.restricted_victim}, "secret"),
    Case("victims", "incident", lambda w: w.ukraine.pk, lambda w: {w.public_victim}, "1.5"),
    Case("victims", "violation_type", "TRK-0001", lambda w: {w.restricted_victim}, "NOPE"),
    Case("victims", "country", "UA", lambda w: {w.public_victim}, "U"),
    Case("victims", "search", "bisexual", lambda w: {w.group_victim}, "x" * 201),
    Case(
        "victims",
        "updated_after",
        "2000-01-01",
        lambda w: {w.public_victim, w.partners_victim, w.staff_victim, w.restricted_victim, w.group_victim},
        "2000-01-01T25:00",
    ),
    # --- perpetrators ---
    Case("perpetrators", "kind", "organisation", lambda w: {w.police, w.militia}, "army"),
    Case("perpetrators", "actor_type", "240101000000", lambda w: {w.police}, "NOPE"),
    Case("perpetrators", "state_actor", "0", lambda w: {w.militia}, "null"),
    Case("perpetrators", "country", "RU", lambda w: {w.police}, "R"),
    Case("perpetrators", "parent", lambda w: w.police.pk, lambda w: set(), "99999"),
    Case("perpetrators", "incident", lambda w: w.chechnya.pk, lambda w: {w.police}, lambda w: w.hidden.pk),
    Case("perpetrators", "violation_type", "020101000000", lambda w: {w.police, w.militia}, "NOPE"),
    Case("perpetrators", "search", "Полиция", lambda w: {w.police}, "x" * 201),
    Case("perpetrators", "updated_after", "2999-01-01T00:00:00+02:00", lambda w: set(), "later"),
    # --- advocacy responses ---
    Case("advocacy-responses", "response_type", "200100000000", lambda w: {w.response}, "NOPE"),
    Case(
        "advocacy-responses",
        "incident",
        lambda w: w.chechnya.pk,
        lambda w: {w.response},
        lambda w: w.hidden.pk,
    ),
    Case("advocacy-responses", "actor", lambda w: w.militia.pk, lambda w: {w.response}, "99999"),
    Case("advocacy-responses", "addressee", lambda w: w.police.pk, lambda w: {w.response}, "x"),
    Case("advocacy-responses", "country", "RU", lambda w: {w.response}, "SU"),
    Case("advocacy-responses", "date_after", "2017-04-10", lambda w: {w.response}, "2017-04"),
    Case("advocacy-responses", "date_before", "2017-04-09", lambda w: set(), "2017/04/09"),
    Case("advocacy-responses", "search", "independent", lambda w: {w.response}, "x" * 201),
    Case("advocacy-responses", "updated_after", "2000-01-01", lambda w: {w.response}, "0"),
    # --- sources ---
    Case("sources", "source_type", "160100000000", lambda w: {w.source}, "NOPE"),
    Case("sources", "reliability", "420100000000", lambda w: {w.source}, "NOPE"),
    Case("sources", "language", "EN", lambda w: {w.other_source}, "xx"),
    Case("sources", "publisher", "novaya", lambda w: {w.source}, "x" * 201),
    # Published "June 2019" (to the month) may be 30 June.
    Case("sources", "published_after", "2019-06-30", lambda w: {w.other_source}, "2019-06-31"),
    Case("sources", "published_before", "2019-06-01", lambda w: {w.source, w.other_source}, "June"),
    Case("sources", "incident", lambda w: w.ukraine.pk, lambda w: {w.other_source}, lambda w: w.hidden.pk),
    Case("sources", "search", "Pride", lambda w: {w.other_source}, "x" * 201),
    Case("sources", "updated_after", "2999-01-01", lambda w: set(), "2999-01-01Z"),
    # --- terms ---
    Case("terms", "vocabulary", "method", lambda w: {"050101000000"}, "methods"),
    Case("terms", "is_active", "false", lambda w: set(), "inactive"),
    Case("terms", "search", "outing", lambda w: {"TRK-0001"}, "x" * 201),
    Case("terms", "updated_after", "2999-01-01", lambda w: set(), "tomorrow"),
]


def _value(value, world):
    return str(value(world)) if callable(value) else value


def _ids(records) -> set:
    return {record if isinstance(record, str) else record.pk for record in records}


@pytest.mark.parametrize("case", CASES, ids=[f"{case.resource}-{case.parameter}" for case in CASES])
def test_each_filter_takes_good_values_and_names_itself_on_bad_ones(world, api, case):
    client = api("partner")
    response = client.get(
        f"/api/v1/{case.resource}/", {case.parameter: _value(case.good, world), "page_size": 1000}
    )
    assert response.status_code == 200, response.json()
    key = "code" if case.resource == "terms" else "id"
    assert {row[key] for row in response.json()["results"]} == _ids(case.expected(world))

    refused = client.get(f"/api/v1/{case.resource}/", {case.parameter: _value(case.bad, world)})
    assert refused.status_code == 400
    assert list(refused.json()) == [case.parameter]


def test_every_filter_of_every_list_has_a_case():
    from tracker.api.urls import router

    covered = {(case.resource, case.parameter) for case in CASES}
    for prefix, viewset, _ in router.registry:
        for parameter in viewset.filterset_class.base_filters:
            if (prefix, parameter) == ("victims", "name"):
                continue  # staff only: test_api_confidentiality.py
            assert (prefix, parameter) in covered


def test_dates_are_read_at_their_precision(world, api):
    client = api("partner")

    def incidents(**query) -> set[int]:
        return {row["id"] for row in client.get("/api/v1/incidents/", query).json()["results"]}

    # "April 2017" may be any day of April: it reaches the 30th but not May.
    assert incidents(date_after="2017-04-30") == {world.chechnya.pk, world.ukraine.pk}
    assert incidents(date_after="2017-05-01") == {world.ukraine.pk}
    # "2019" (to the year) may begin as late as 31 December 2019.
    assert incidents(date_before="2019-12-31") == {world.chechnya.pk, world.ukraine.pk}
    assert incidents(date_before="2018-12-31") == {world.chechnya.pk}
    # An ongoing incident reaches today and beyond.
    assert incidents(date_after="2030-01-01") == {world.ukraine.pk}
    assert incidents(date_after="2017-04-15", date_before="2017-04-15") == {world.chechnya.pk}


def test_violation_type_takes_several_codes_and_includes_narrower_terms(world, api):
    client = api("partner")
    repeated = client.get("/api/v1/incidents/?violation_type=TRK-0001&violation_type=020000000000")
    combined = client.get("/api/v1/incidents/?violation_type=TRK-0001,020000000000")
    assert repeated.json() == combined.json()
    assert {row["id"] for row in combined.json()["results"]} == {world.chechnya.pk, world.ukraine.pk}
    refused = client.get("/api/v1/incidents/?violation_type=TRK-0001,NOPE")
    assert "NOPE" in refused.json()["violation_type"][0]


@pytest.mark.parametrize("few", [0, 1, 1000])
def test_victim_group_finds_the_same_incidents_however_many_match(world, api, monkeypatch, few):
    """Past FEW_MATCHES matching violations the filter asks by EXISTS rather than by ids."""
    monkeypatch.setattr(incident_filters, "FEW_MATCHES", few)
    client = api("partner")
    # "in" is in the Chechen group's description and the hidden victim's, which stays hidden.
    found = client.get("/api/v1/incidents/", {"victim_group": "in"}).json()["results"]
    assert {row["id"] for row in found} == {world.chechnya.pk}
    assert client.get("/api/v1/incidents/", {"victim_group": "nobody"}).json()["results"] == []


def test_a_bounding_box_may_cross_the_antimeridian(world, api):
    client = api("partner")
    assert client.get("/api/v1/incidents/", {"bbox": "170,-10,-170,10"}).json()["results"] == []
    assert [
        row["id"] for row in client.get("/api/v1/incidents/", {"bbox": "40,40,-170,50"}).json()["results"]
    ] == [world.chechnya.pk]


def test_search_finds_names_of_perpetrators_and_visible_victims(world, api):
    client = api("partner")
    assert {
        row["id"] for row in client.get("/api/v1/incidents/", {"search": "akhmadov"}).json()["results"]
    } == {
        world.chechnya.pk,
        world.ukraine.pk,
    }
    assert [
        row["id"] for row in client.get("/api/v1/incidents/", {"search": "militia"}).json()["results"]
    ] == [world.ukraine.pk]


def test_an_unknown_parameter_is_refused_by_name(world, api):
    response = api("partner").get("/api/v1/incidents/", {"contry": "RU"})
    assert response.status_code == 400
    assert list(response.json()) == ["contry"]


@pytest.mark.parametrize(
    "query",
    [
        "page_size=0",
        "page_size=1001",
        "page_size=ten",
        "cursor=garbage",
        "format=xml",
        "brief=perhaps",
        "ordering=narrative",
    ],
)
def test_malformed_list_parameters_are_refused_by_name(world, api, query):
    response = api("partner").get(f"/api/v1/incidents/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_a_nul_character_is_refused_not_a_500(world, api):
    response = api("partner").get("/api/v1/incidents/", {"search": "a\x00b"})
    assert response.status_code == 400
    assert list(response.json()) == ["search"]


@pytest.mark.parametrize("pk", ["0", "99999999999999999999", "abc"])
def test_an_impossible_id_is_404(world, api, pk):
    assert api("partner").get(f"/api/v1/incidents/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("title", ["ukraine", "chechnya"]),
        ("-title", ["chechnya", "ukraine"]),
        ("start_date", ["chechnya", "ukraine"]),
    ],
)
def test_ordering_on_dates_and_titles(world, api, ordering, expected):
    rows = api("partner").get("/api/v1/incidents/", {"ordering": ordering}).json()["results"]
    assert [row["id"] for row in rows] == [getattr(world, name).pk for name in expected]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_search_is_full_text_with_stemming_and_its_index(world, api):
    found = api("partner").get("/api/v1/incidents/", {"search": "beating"}).json()["results"]
    assert [row["id"] for row in found] == [world.chechnya.pk]  # the narrative says "beat"
    query = Incident.objects.annotate(document=INCIDENT_SEARCH_VECTOR).filter(
        document=SearchQuery("beating", config="english", search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = query.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "incident_search" in plan


@pytest.mark.parametrize(
    "moment", ["0491-11-07T11:09:00+22:45", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]
)
def test_an_updated_after_out_of_range_is_refused_not_a_500(world, api, moment):
    response = api("partner").get("/api/v1/incidents/", {"updated_after": moment})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert list(response.json()) == ["updated_after"]


def test_a_forged_cursor_is_refused(world, api):
    import base64
    import json

    forged = base64.urlsafe_b64encode(json.dumps({"v": [None, "a\x00b", 1], "r": False}).encode()).decode()
    response = api("partner").get("/api/v1/incidents/", {"cursor": forged})
    assert response.status_code == 400 and list(response.json()) == ["cursor"]
