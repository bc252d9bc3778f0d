"""What drf-spectacular cannot see for itself: token auth, error answers, CSV and GeoJSON bodies.

`postprocess` runs on the generated schema (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]), so
that every operation documents the errors it can answer with and the formats it streams.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from tracker.api.serializers import LINK_SCHEMA

ERROR_SCHEMA = {
    "type": "object",
    "description": 'Either {"detail": "message"}, or {"parameter or field": ["message", …]}.',
    "additionalProperties": {},
}
ERRORS = {
    "400": "A parameter or field is malformed or unknown; the body names it.",
    "401": "No token, or a token that is invalid, revoked or expired.",
    "403": "The token's role may not do this (partners and auditors only read).",
    "404": "No such record, or none the caller may see.",
    "406": "The Accept header asks for a format this resource does not offer.",
    "429": "Too many requests for this token: wait the seconds given in Retry-After.",
}
GEOMETRY = {
    "type": "object",
    "nullable": True,
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
}
FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": GEOMETRY,
                    "properties": {"type": "object", "additionalProperties": {}},
                },
            },
        },
    },
}
FORMAT_DESCRIPTION = (
    "json (default) or csv{geojson}. csv{geojson_or} streams the whole filtered list, not a page; "
    "the columns are described in docs/api.md."
)


class TrackerAutoSchema(AutoSchema):
    """Adds `brief` to the reading operations of every resource."""

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        if self.method == "GET" and getattr(self.view, "brief_serializer_class", None) is not None:
            parameters.append(
                OpenApiParameter(
                    "brief",
                    bool,
                    description="true (or 1): the compact form for pick-lists, {id, url, display}.",
                )
            )
        return parameters


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tracker.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token issued by staff (admin, or `manage.py issue_token USERNAME`): "
            "send `Authorization: Bearer <token>`.",
        }


def _error_response(description: str, code: str) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if code == "429":
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}
        }
    return response


def _document_formats(operation: dict) -> None:
    media_types = set()
    for response in operation["responses"].values():
        content = response.get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": {"type": "string"}}
        if "application/geo+json" in content:
            content["application/geo+json"] = {"schema": FEATURE_COLLECTION}
        media_types |= set(content)
    if "text/csv" not in media_types:
        # Nothing to choose between (a DELETE answers 204 with no body).
        operation["parameters"] = [p for p in operation.get("parameters", []) if p.get("name") != "format"]
        return
    geojson = "application/geo+json" in media_types
    formats = ["json", "csv", *(["geojson"] if geojson else [])]
    description = FORMAT_DESCRIPTION.format(
        geojson=", or geojson" if geojson else "", geojson_or=" or geojson" if geojson else ""
    )
    parameters = [p for p in operation.get("parameters", []) if p.get("name") != "format"]
    parameters.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "description": description,
            "schema": {"type": "string", "enum": formats},
        }
    )
    operation["parameters"] = parameters


def _allow_brief(operation: dict, schemas: dict) -> None:
    """With `brief`, a record may come in its full form or as a Link: say so in the schema."""
    if not any(parameter.get("name") == "brief" for parameter in operation.get("parameters", [])):
        return
    content = operation["responses"].get("200", {}).get("content", {}).get("application/json")
    if not content or "$ref" not in content["schema"]:
        return
    name = content["schema"]["$ref"].split("/")[-1]
    component = schemas[name]
    holder, key = (
        (component["properties"]["results"], "items") if name.startswith("Paginated") else (content, "schema")
    )
    if holder[key].get("$ref") != "#/components/schemas/Link":
        holder[key] = {"anyOf": [holder[key], {"$ref": "#/components/schemas/Link"}]}


def postprocess(result: dict, generator, request, public: bool, **kwargs) -> dict:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["Link"] = {**LINK_SCHEMA, "description": "The brief form of a record (`?brief=1`)."}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, _error_response(description, code))
            if method in ("post", "put", "patch"):
                responses.setdefault("415", _error_response("The body is not JSON (or a form).", "415"))
            if method == "delete":
                responses.setdefault(
                    "409", _error_response("The record is still referred to by other records.", "409")
                )
            _document_formats(operation)
            _allow_brief(operation, schemas)
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    # Ids are positive 64-bit integers; anything else is simply not found.
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
                    parameter.setdefault("description", "The record's id.")
    return result
