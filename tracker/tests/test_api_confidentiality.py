"""The role matrix: no protected identity, and no hidden record, leaves the server for a partner.

Every protected value in the test world contains CANARY (api_data.py). Each test walks every
endpoint and format as one role and looks for the canary in the raw bytes of every response.
"""

import json

import pytest
from rest_framework.test import APIClient

from incidents.models import AdvocacyResponse, Incident, Victim
from tracker.models import ApiToken
from tracker.tests.api_data import *  # noqa: F403
from tracker.tests.api_data import (
    CANARY,
    CANARY_CYRILLIC,
    PARTNERS_NAME,
    PUBLIC_NAME,
    RESTRICTED_NAME,
    STAFF_NAME,
)

RESOURCES = ["incidents", "violations", "victims", "perpetrators", "advocacy-responses", "sources", "terms"]
FORMATS = {"json": "", "brief": "brief=1", "csv": "format=csv", "html": "format=api"}


def body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def markers(text: str) -> list[bytes]:
    """The text as it can appear in a response: raw UTF-8, lower-cased, and JSON-escaped."""
    return [text.lower().encode(), json.dumps(text).strip('"').lower().encode()]


CANARIES = markers(CANARY) + markers(CANARY_CYRILLIC)


def leaked(content: bytes, secrets=CANARIES) -> list[bytes]:
    lowered = content.lower()
    return [secret for secret in secrets if secret in lowered]


def every_request(world) -> list[str]:
    """Every list and record of every resource, in every format, plus stats and withdrawals."""
    paths = []
    records = {
        "incidents": Incident.objects.values_list("pk", flat=True),
        "violations": [v.pk for v in world.violations] + [world.hidden_violation.pk],
        "victims": Victim.objects.values_list("pk", flat=True),
        "perpetrators": [world.police.pk, world.militia.pk, world.secret_unit.pk],
        "advocacy-responses": AdvocacyResponse.objects.values_list("pk", flat=True),
        "sources": [world.source.pk, world.other_source.pk],
        "terms": [1],
    }
    for resource in RESOURCES:
        for query in FORMATS.values():
            paths.append(f"/api/v1/{resource}/?{query}")
            paths += [f"/api/v1/{resource}/{pk}/?{query}" for pk in records[resource]]
    paths += ["/api/v1/incidents/?format=geojson", f"/api/v1/incidents/{world.chechnya.pk}/?format=geojson"]
    paths += [
        "/api/v1/stats/",
        "/api/v1/stats/?format=api",
        "/api/v1/withdrawals/",
        "/api/v1/withdrawals/?format=csv",
    ]
    paths += ["/api/v1/", "/api/v1/schema/"]
    return paths


@pytest.mark.parametrize("role", ["partner", "auditor"])
def test_no_protected_identity_or_hidden_record_reaches_a_partner_or_an_auditor(world, api, role):
    client = api(role)
    for path in every_request(world):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert not leaked(body(response)), path


@pytest.mark.parametrize("role, status", [(None, 401), ("stranger", 403)])
def test_callers_without_a_role_see_nothing_at_all(world, api, role, status):
    client = api(role)
    for path in every_request(world):
        if path == "/api/v1/schema/":
            continue  # describes the API, holds no records
        response = client.get(path)
        assert response.status_code == status, path
        assert b"Argun" not in body(response) and not leaked(body(response)), path


@pytest.mark.parametrize("role", ["partner", "auditor"])
def test_a_partner_still_sees_public_and_partner_identities(world, api, role):
    # The positive control: without it, the matrix above could pass on an empty API.
    content = body(api(role).get("/api/v1/victims/?format=csv")).decode()
    assert PUBLIC_NAME in content and PARTNERS_NAME in content
    assert content.count("[withheld]") == 8  # two victims, four identity columns each


def test_staff_see_staff_identities_but_not_restricted_ones(world, api):
    client = api("staff")
    seen = b"".join(body(client.get(path)) for path in every_request(world))
    assert STAFF_NAME.encode() in seen
    # Staff read archived texts and their quotes, as in the admin, and those may name anyone;
    # everywhere else a restricted identity stays withheld from staff who are not named on it.
    records = [
        path for path in every_request(world) if "/sources/" not in path and "/violations/" not in path
    ]
    assert not leaked(b"".join(body(client.get(path)) for path in records), markers(RESTRICTED_NAME))
    violations = client.get("/api/v1/violations/").json()["results"]
    for violation in violations:
        violation.pop("citations")
    assert not leaked(json.dumps(violations).encode(), markers(RESTRICTED_NAME))


def test_staff_named_on_a_restricted_victim_see_it(world, api, staff):
    world.restricted_victim.restricted_to.add(staff)
    record = api("staff").get(f"/api/v1/victims/{world.restricted_victim.pk}/").json()
    assert record["name"] == RESTRICTED_NAME


def test_a_superuser_sees_everything(world, api):
    seen = b"".join(body(api("superuser").get(path)) for path in every_request(world))
    assert STAFF_NAME.encode() in seen and RESTRICTED_NAME.encode() in seen


@pytest.mark.parametrize(
    "path",
    [
        "incidents/{hidden}/",
        "violations/{hidden_violation}/",
        "victims/{hidden_victim}/",
        "perpetrators/{secret_unit}/",
        "advocacy-responses/{hidden_response}/",
    ],
)
def test_a_hidden_record_is_404_not_403(world, api, path):
    ids = {
        "hidden": world.hidden.pk,
        "hidden_violation": world.hidden_violation.pk,
        "hidden_victim": world.hidden_victim.pk,
        "secret_unit": world.secret_unit.pk,
        "hidden_response": world.hidden_response.pk,
    }
    hidden = api("partner").get("/api/v1/" + path.format(**ids))
    missing = api("partner").get("/api/v1/" + path.format(**{key: 99999 for key in ids}))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert api("staff").get("/api/v1/" + path.format(**ids)).status_code == 200


def test_hidden_incidents_are_never_counted(world, api):
    partner = api("partner").get("/api/v1/stats/").json()
    staff = api("staff").get("/api/v1/stats/").json()
    assert (partner["incidents"], staff["incidents"]) == (2, 3)


@pytest.mark.parametrize("resource", ["incidents", "violations", "victims", "perpetrators", "sources"])
@pytest.mark.parametrize("name", [STAFF_NAME, RESTRICTED_NAME, "Restrictenko", CANARY_CYRILLIC])
def test_a_search_by_a_protected_name_finds_nothing_and_reveals_nothing(world, api, resource, name):
    client = api("partner")
    found = client.get(f"/api/v1/{resource}/", {"search": name})
    # A name that exists nowhere must get exactly the same answer.
    nowhere = client.get(f"/api/v1/{resource}/", {"search": "Y" * len(name)})
    assert found.status_code == nowhere.status_code == 200
    assert found.json() == nowhere.json() == {"next": None, "previous": None, "results": []}


def test_a_search_by_a_visible_name_finds_the_victim_and_the_incident(world, api):
    client = api("partner")
    victims = client.get("/api/v1/victims/", {"search": "visibleva"}).json()["results"]
    incidents = client.get("/api/v1/incidents/", {"search": "Partnerknown"}).json()["results"]
    assert [v["pseudonym"] for v in victims] == [world.partners_victim.pseudonym]
    assert [i["id"] for i in incidents] == [world.chechnya.pk]


def test_staff_find_a_staff_level_victim_by_name(world, api):
    found = api("staff").get("/api/v1/victims/", {"search": "staffova"}).json()["results"]
    assert [v["id"] for v in found] == [world.staff_victim.pk]


@pytest.mark.parametrize("role", ["partner", "auditor"])
def test_filtering_victims_by_name_is_refused_for_partners(world, api, role):
    for name in (STAFF_NAME, PARTNERS_NAME, "nobody at all"):
        response = api(role).get("/api/v1/victims/", {"name": name})
        assert response.status_code == 400
        assert list(response.json()) == ["name"]
        assert not leaked(response.content)


def test_staff_filter_victims_by_name_among_identities_they_may_see(world, api):
    client = api("staff")
    assert [v["id"] for v in client.get("/api/v1/victims/", {"name": "Staffova"}).json()["results"]] == [
        world.staff_victim.pk
    ]
    assert client.get("/api/v1/victims/", {"name": "Restrictenko"}).json()["results"] == []


@pytest.mark.parametrize("field", ["name", "-name", "other_names", "contact_details", "search_names"])
def test_ordering_victims_by_a_protected_field_is_refused(world, api, field):
    for role in ("partner", "staff"):
        response = api(role).get("/api/v1/victims/", {"ordering": field})
        assert response.status_code == 400
        assert list(response.json()) == ["ordering"]


def test_a_filter_cannot_confirm_a_hidden_record(world, api):
    client = api("partner")
    cases = [
        ("victim", world.hidden_victim.pseudonym, "V-ZZZZZZ"),
        ("perpetrator", world.secret_unit.pk, 99999),
    ]
    for parameter, hidden, missing in cases:
        refused = client.get("/api/v1/incidents/", {parameter: hidden})
        unknown = client.get("/api/v1/incidents/", {parameter: missing})
        assert refused.status_code == unknown.status_code == 400
        assert refused.json()[parameter][0].replace(str(hidden), "X") == unknown.json()[parameter][0].replace(
            str(missing), "X"
        )


def test_archived_texts_and_quotes_are_withheld_from_partners(world, api):
    partner = api("partner").get(f"/api/v1/sources/{world.source.pk}/").json()
    staff = api("staff").get(f"/api/v1/sources/{world.source.pk}/").json()
    assert partner["text"] == partner["notes"] == "[withheld]"
    assert STAFF_NAME in staff["text"]
    staff_incident = api("staff").get(f"/api/v1/violations/{world.violations[2].pk}/").json()
    assert staff_incident["citations"][0]["quote"].startswith(STAFF_NAME)
    assert api("partner").get(f"/api/v1/violations/{world.violations[2].pk}/").json()["citations"] == []


def test_the_browsable_filter_form_lists_no_victims(world, client, partner):
    client.force_login(partner)
    page = client.get("/api/v1/incidents/", HTTP_ACCEPT="text/html").content.decode()
    form = page[page.index('id="filtersModal"') :]
    assert 'name="victim"' in form and 'name="perpetrator"' in form
    assert "<option" not in form.split('name="victim"')[1].split("</div>")[0]
    for victim in Victim.objects.all():
        assert victim.pseudonym not in form and (not victim.name or victim.name not in form)


def test_a_partner_cannot_read_a_withheld_identity_through_the_write_form(world, api):
    # The staff's edit form carries "[withheld]": sending it back must not replace the name.
    client = api("staff")
    record = client.get(f"/api/v1/victims/{world.restricted_victim.pk}/").json()
    response = client.patch(
        f"/api/v1/victims/{world.restricted_victim.pk}/",
        {"name": record["name"], "gender": "female"},
        format="json",
    )
    assert response.status_code == 200
    world.restricted_victim.refresh_from_db()
    assert (world.restricted_victim.name, world.restricted_victim.gender) == (RESTRICTED_NAME, "female")
    refused = client.patch(
        f"/api/v1/victims/{world.restricted_victim.pk}/", {"disclosure": "public"}, format="json"
    )
    assert refused.status_code == 400 and list(refused.json()) == ["disclosure"]


def test_tokens_are_per_user_so_a_partner_token_keeps_partner_clearance(world, tokens):
    assert ApiToken.objects.get(organisation="partner org").user.username == "partner"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['partner']}")
    assert client.get(f"/api/v1/victims/{world.staff_victim.pk}/").json()["name"] == "[withheld]"
