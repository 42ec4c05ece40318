"""Schemathesis against our own OpenAPI schema: thousands of generated requests, as the quality manager's
token, over every endpoint; none may fail on the server, and every answer must match the schema.
"""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_token
from tests.commitments.factories import EvidenceFactory, LeadershipActionFactory
from tests.factories import UserFactory
from tests.objectives.factories import MeasurementFactory, ObjectiveFactory
from tests.policy.factories import PolicyVersionFactory, RiskFactory

APP = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", APP)
# Generated examples per operation; with the coverage phase's cases, over 5,000 requests in all.
EXAMPLES = int(__import__("os").environ.get("EXAMPLES", 150))
SENT: list[str] = []
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep the test's connection across WSGI calls, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def quality_token(db, settings, wsgi_in_test_transaction):
    """The quality manager's token, with a few records of each kind for the requests to find."""
    settings.QMS_API_THROTTLE_RATE = "1000000/minute"
    quality = UserFactory(username="schema-quality", role="quality")
    objective = ObjectiveFactory(owner=quality)
    MeasurementFactory(objective=objective)
    EvidenceFactory()
    LeadershipActionFactory()
    PolicyVersionFactory(status="approved", with_mandatory=True)
    RiskFactory()
    return make_token(quality)


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, quality_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {quality_token}"}, checks=CHECKS)
    SENT.append(case.operation.label)


def test_over_5000_requests_were_sent_across_every_operation():
    """Runs after the generated tests (same module, declared after them)."""
    if len(set(SENT)) < len(list(SCHEMA.get_all_operations())):
        pytest.skip("only some operations ran (a -k selection)")
    assert len(SENT) >= 5000, Counter(SENT).most_common()
