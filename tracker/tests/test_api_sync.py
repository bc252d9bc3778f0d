"""Partners sync with `updated_after`, and learn from /withdrawals/ what to drop."""

import datetime

from django.utils import timezone

from incidents.models import Incident
from tracker.tests.api_data import *  # noqa: F403


def withdrawn(client, since) -> set[tuple[str, int]]:
    rows = client.get("/api/v1/withdrawals/", {"updated_after": since.isoformat()}).json()["results"]
    return {(row["resource"], row["id"]) for row in rows}


def test_updated_after_lists_only_what_changed(world, api):
    since = timezone.now()
    client = api("partner")
    assert client.get("/api/v1/incidents/", {"updated_after": since.isoformat()}).json()["results"] == []
    world.ukraine.status = "verified"
    world.ukraine.save()
    rows = client.get("/api/v1/incidents/", {"updated_after": since.isoformat()}).json()["results"]
    assert [row["id"] for row in rows] == [world.ukraine.pk]


def test_a_changed_incident_brings_its_violations_along(world, api):
    # A violation's list entry shows its incident: when the incident changes, so does it.
    since = timezone.now()
    world.ukraine.title = "Attacks on the Kyiv Pride march"
    world.ukraine.save()
    rows = api("partner").get("/api/v1/violations/", {"updated_after": since.isoformat()}).json()["results"]
    assert [row["id"] for row in rows] == [world.violations[5].pk]


def test_a_deleted_record_is_withdrawn(world, api):
    since = timezone.now()
    api("staff").delete(f"/api/v1/advocacy-responses/{world.response.pk}/")
    source_id = world.other_source.pk
    world.other_source.citations.all().delete()
    world.other_source.delete()
    assert withdrawn(api("partner"), since) == {
        ("advocacy-responses", world.response.pk),
        ("sources", source_id),
    }


def test_an_incident_made_confidential_is_withdrawn_with_what_hangs_on_it(world, api):
    since = timezone.now()
    world.ukraine.disclosure = "staff"
    world.ukraine.save()
    assert withdrawn(api("partner"), since) == {
        ("incidents", world.ukraine.pk),
        ("violations", world.violations[5].pk),
        ("perpetrators", world.militia.pk),
    }
    # Staff still see it: nothing is withdrawn from them.
    assert withdrawn(api("staff"), since) == set()


def test_withdrawals_never_name_a_record_the_caller_could_not_see(world, api):
    since = timezone.now() - datetime.timedelta(days=1)
    Incident.objects.filter(pk=world.hidden.pk).delete()
    assert withdrawn(api("partner"), since) == set()
    assert ("incidents", world.hidden.pk) in withdrawn(api("staff"), since)


def test_withdrawals_take_only_known_resources_and_dates(world, api):
    client = api("partner")
    assert list(client.get("/api/v1/withdrawals/", {"resource": "people"}).json()) == ["resource"]
    assert list(client.get("/api/v1/withdrawals/", {"updated_after": "last week"}).json()) == [
        "updated_after"
    ]
    assert client.get("/api/v1/withdrawals/", {"resource": "incidents,sources"}).status_code == 200


def test_withdrawals_come_as_csv_too(world, api):
    since = timezone.now()
    api("staff").delete(f"/api/v1/advocacy-responses/{world.response.pk}/")
    response = api("partner").get(
        "/api/v1/withdrawals/", {"updated_after": since.isoformat(), "format": "csv"}
    )
    assert b"".join(response.streaming_content).decode().splitlines() == [
        "resource,id",
        f"advocacy-responses,{world.response.pk}",
    ]
