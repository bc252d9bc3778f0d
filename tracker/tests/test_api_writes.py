"""Staff write through the API with the admin's validation; history names the API user."""

import pytest

from incidents.models import Actor, Incident, Involvement, Victim, Violation
from sources.models import Source
from tracker.tests.api_data import *  # noqa: F403


def test_staff_create_an_incident_and_history_names_them(world, api, staff):
    response = api("staff").post(
        "/api/v1/incidents/",
        {
            "title": "Raid in Grozny",
            "start_date": "2020-02-01",
            "start_date_precision": "month",
            "country": "RU",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    incident = Incident.objects.get(pk=response.json()["id"])
    assert (incident.title, incident.start_date_precision) == ("Raid in Grozny", "month")
    assert incident.history.get().history_user == staff
    assert response.json()["url"].endswith(f"/api/v1/incidents/{incident.pk}/")


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"start_date": "2020-02-01", "end_date": "2020-01-01"}, "end_date"),
        ({"country": "XX"}, "country"),
        ({"country": "RU", "region": "UA-30"}, "region"),
        ({"latitude": 43.2}, "longitude"),
        ({"is_ongoing": True, "end_date": "2020-01-01"}, "is_ongoing"),
    ],
)
def test_writes_run_the_models_own_validation(world, api, fields, field):
    response = api("staff").post("/api/v1/incidents/", {"title": "Checked", **fields}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Incident.objects.filter(title="Checked").exists()


def test_staff_update_an_incident(world, api, staff):
    response = api("staff").patch(
        f"/api/v1/incidents/{world.chechnya.pk}/", {"status": "disputed"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["violations"]  # the answer is the full, re-read record
    world.chechnya.refresh_from_db()
    assert world.chechnya.status == "disputed"
    assert world.chechnya.history.first().history_user == staff


def test_staff_create_a_violation_with_its_perpetrators(world, api, terms):
    client = api("staff")
    victim = client.post(
        "/api/v1/victims/", {"description": "a student", "disclosure": "staff"}, format="json"
    )
    assert victim.status_code == 201, victim.json()
    response = client.post(
        "/api/v1/violations/",
        {
            "incident": world.ukraine.pk,
            "victim": victim.json()["id"],
            "violation_type": "TRK-0001",
            "methods": ["050101000000"],
            "date": "2019-06-01",
            "involvements": [{"perpetrator": world.militia.pk, "degree": "180100000000", "notes": "led it"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    violation = Violation.objects.get(pk=response.json()["id"])
    assert [(i.perpetrator, i.degree.code, i.notes) for i in violation.involvements.all()] == [
        (world.militia, "180100000000", "led it")
    ]
    assert response.json()["involvements"][0]["perpetrator"]["display"] == "Street militia"


def test_replacing_involvements_replaces_them_all(world, api):
    violation = world.violations[0]
    response = api("staff").patch(
        f"/api/v1/violations/{violation.pk}/",
        {"involvements": [{"perpetrator": world.militia.pk, "degree": "180200000000"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert list(Involvement.objects.filter(violation=violation).values_list("perpetrator", flat=True)) == [
        world.militia.pk
    ]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"violation_type": "050101000000"}, "violation_type"),  # a method, not a type of violation
        ({"incident": 99999}, "incident"),
        ({"victim": "V-XXXXXX"}, "victim"),
        ({"involvements": [{"perpetrator": 99999, "degree": "180100000000"}]}, "involvements"),
    ],
)
def test_a_violation_names_its_bad_fields(world, api, fields, field):
    valid = {"incident": world.ukraine.pk, "victim": world.public_victim.pk, "violation_type": "TRK-0001"}
    response = api("staff").post("/api/v1/violations/", {**valid, **fields}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_staff_cannot_link_records_to_an_incident_they_may_not_see(world, api):
    world.hidden.disclosure = "restricted"
    world.hidden.save()
    response = api("staff").post(
        "/api/v1/violations/",
        {"incident": world.hidden.pk, "victim": world.public_victim.pk, "violation_type": "TRK-0001"},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["incident"]


def test_a_group_victim_needs_its_count_qualifier(world, api):
    response = api("staff").post("/api/v1/victims/", {"kind": "group", "count": 40}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["count_qualifier"]


def test_staff_delete_a_record_and_history_keeps_it(world, api, staff):
    response = api("staff").delete(f"/api/v1/advocacy-responses/{world.response.pk}/")
    assert response.status_code == 204
    assert (
        type(world.response).history.filter(id=world.response.pk, history_type="-").get().history_user
        == staff
    )


def test_deleting_a_record_still_in_use_is_a_409(world, api):
    response = api("staff").delete(f"/api/v1/victims/{world.public_victim.pk}/")
    assert response.status_code == 409
    assert Victim.objects.filter(pk=world.public_victim.pk).exists()


def test_staff_create_a_perpetrator_and_a_source(world, api):
    client = api("staff")
    actor = client.post(
        "/api/v1/perpetrators/",
        {
            "name": "Kadyrovtsy",
            "actor_type": "240300000000",
            "is_state_actor": True,
            "parent": world.police.pk,
        },
        format="json",
    )
    assert actor.status_code == 201, actor.json()
    assert Actor.objects.get(name="Kadyrovtsy").parent == world.police
    source = client.post(
        "/api/v1/sources/",
        {"title": "A report", "text": "Some text.", "document_url": "https://example.org/r"},
        format="json",
    )
    assert source.status_code == 201, source.json()
    assert Source.objects.get(pk=source.json()["id"]).url == "https://example.org/r"
    duplicate = client.post("/api/v1/sources/", {"title": "Again", "text": "Some text."}, format="json")
    assert duplicate.status_code == 400 and list(duplicate.json()) == ["text"]


def test_terms_are_read_only_even_for_staff(world, api):
    assert api("staff").post("/api/v1/terms/", {"code": "X"}, format="json").status_code == 405
