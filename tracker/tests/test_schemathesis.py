"""Schemathesis against the generated OpenAPI schema, in-process, with a partner's token.

For every operation it generates requests from the schema (and requests that break it), sends
them through the WSGI application, and checks that no answer is a 500 and every answer fits the
schema: status code, content type, headers and body. Bounded by max_examples to stay under a
couple of minutes.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.tests.api_data import *  # noqa: F403

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def partner_headers(world, tokens, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": None}}
    # As Django's test client does: the end of a request must not close the test's connection
    # (and with it the transaction that holds the test's records).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {tokens['partner']}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_the_api_keeps_to_its_schema(case, partner_headers):
    case.call_and_validate(headers=partner_headers, checks=CHECKS)
