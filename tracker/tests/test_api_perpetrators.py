"""The perpetrators list counts and links each one's violations; its own page lists them."""

from tracker.tests.api_data import *  # noqa: F403


def _by_name(response) -> dict[str, dict]:
    assert response.status_code == 200
    return {row["name"]: row for row in response.json()["results"]}


def test_the_list_counts_only_the_violations_the_caller_may_see(world, api):
    partners = _by_name(api("partner").get("/api/v1/perpetrators/"))
    assert {name: row["violation_count"] for name, row in partners.items()} == {
        "Chechen police": 5,
        "Street militia": 1,
    }
    assert "involvements" not in partners["Chechen police"]

    staff = _by_name(api("staff").get("/api/v1/perpetrators/"))
    assert staff[f"{CANARY} unit"]["violation_count"] == 1  # noqa: F405


def test_the_list_links_each_perpetrators_violations(world, api):
    client = api("partner")
    police = _by_name(client.get("/api/v1/perpetrators/"))["Chechen police"]
    violations = client.get(police["violations"]).json()["results"]
    assert {row["id"] for row in violations} == {v.pk for v in world.violations[:5]}


def test_a_perpetrators_page_lists_its_involvements(world, api):
    police = api("partner").get(f"/api/v1/perpetrators/{world.police.pk}/").json()
    assert sorted(row["violation"]["id"] for row in police["involvements"]) == sorted(
        v.pk for v in world.violations[:5]
    )
    assert "violation_count" not in police
