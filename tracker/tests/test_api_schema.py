"""The OpenAPI schema and the browsable docs describe every filter, field and format."""

import re

import pytest
import yaml
from rest_framework.test import APIClient

from tracker.tests.api_data import *  # noqa: F403


@pytest.fixture
def schema(db) -> dict:
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_parameter_is_described(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (method, path, parameter["name"])


def test_every_list_documents_its_formats_and_errors(schema):
    incidents = schema["paths"]["/api/v1/incidents/"]["get"]
    assert set(incidents["responses"]["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/geo+json",
    }
    assert {"400", "401", "403", "429"} <= set(incidents["responses"])
    assert "Retry-After" in incidents["responses"]["429"]["headers"]
    names = {parameter["name"] for parameter in incidents["parameters"]}
    assert {"date_after", "bbox", "search", "updated_after", "ordering", "cursor", "brief", "format"} <= names


def test_the_token_is_the_documented_way_in(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["tokenAuth"]["description"],
    }


def test_victims_identity_fields_are_described(schema):
    victim = schema["components"]["schemas"]["Victim"]
    assert "[withheld]" in victim["description"]
    assert "identity_visible" in victim["properties"]


def test_the_browsable_docs_load_from_this_site_only(db):
    # Swagger UI's own files come from drf-spectacular-sidecar, its start-up script from a URL of
    # ours: nothing inline and nothing from elsewhere, as the Content-Security-Policy requires.
    page = APIClient().get("/api/v1/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources)
    assert "<script>" not in page


def test_a_signed_in_staff_member_can_browse_the_api(world, client, staff):
    client.force_login(staff)
    response = client.get("/api/v1/incidents/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Detentions of gay men in Argun" in response.content
