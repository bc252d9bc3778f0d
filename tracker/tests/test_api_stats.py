"""/api/v1/stats/: counts by month, country, region, violation type and perpetrator type."""

from tracker.tests.api_data import *  # noqa: F403


def test_stats_count_the_incidents_a_partner_may_see(world, api):
    stats = api("partner").get("/api/v1/stats/").json()
    assert (stats["incidents"], stats["violations"]) == (2, 6)
    # Ukraine is dated only to the year: it has no month.
    assert stats["by_month"] == [{"month": "2017-04", "incidents": 1}, {"month": None, "incidents": 1}]
    assert {row["code"]: row["incidents"] for row in stats["by_country"]} == {"RU": 1, "UA": 1}
    assert {row["code"]: row["incidents"] for row in stats["by_region"]} == {"RU-CE": 1, None: 1}
    assert {row["code"]: (row["incidents"], row["violations"]) for row in stats["by_violation_type"]} == {
        "020101000000": (2, 2),
        "030000000000": (1, 3),
        "TRK-0001": (1, 1),
    }
    assert {row["code"]: row["incidents"] for row in stats["by_perpetrator_type"]} == {
        "240101000000": 1,
        "240300000000": 1,
    }


def test_stats_take_the_incident_filters(world, api):
    client = api("partner")
    assert client.get("/api/v1/stats/", {"country": "UA"}).json()["incidents"] == 1
    assert (
        client.get("/api/v1/stats/", {"state_actor": "true", "date_before": "2018-01-01"}).json()["incidents"]
        == 1
    )
    refused = client.get("/api/v1/stats/", {"country": "Narnia"})
    assert refused.status_code == 400 and list(refused.json()) == ["country"]
    assert list(client.get("/api/v1/stats/", {"ordering": "title"}).json()) == ["ordering"]


def test_staff_stats_count_staff_incidents(world, api):
    assert api("staff").get("/api/v1/stats/").json()["incidents"] == 3


def test_stats_follow_changes_made_after_they_were_counted(world, api):
    partner, staff = api("partner"), api("staff")
    assert partner.get("/api/v1/stats/").json()["incidents"] == 2

    created = staff.post("/api/v1/incidents/", {"title": "Raid in Grozny", "country": "RU"}, format="json")
    assert created.status_code == 201
    stats = partner.get("/api/v1/stats/").json()
    assert stats["incidents"] == 3
    assert {row["code"]: row["incidents"] for row in stats["by_country"]}["RU"] == 2

    hidden = staff.patch(f"/api/v1/incidents/{world.ukraine.pk}/", {"disclosure": "staff"}, format="json")
    assert hidden.status_code == 200
    assert partner.get("/api/v1/stats/").json()["incidents"] == 2
    staff.delete(f"/api/v1/violations/{world.violations[0].pk}/")
    assert partner.get("/api/v1/stats/").json()["violations"] == 4


def test_counted_stats_are_never_served_to_another_caller(world, api):
    assert api("staff").get("/api/v1/stats/").json()["incidents"] == 3
    assert api("partner").get("/api/v1/stats/").json()["incidents"] == 2
    assert api("staff").get("/api/v1/stats/", {"country": "UA"}).json()["incidents"] == 1
    assert api("staff").get("/api/v1/stats/").json()["incidents"] == 3
