"""The monitoring and evaluation routes against the generated (django-ninja) schema, with
schemathesis, as a 填报人 with a seeded document: no 500, every response as documented.

(tests/web/test_api_schemathesis.py fuzzes the hand-written schema of the older routes.)"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from jixiao.web.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex=r"^/api/v1/(payments|monitoring|evaluation|projects/\{pk\}/(deviation|evaluation))$"
)
EXAMPLES = int(os.environ.get("JIXIAO_FUZZ_API_EXAMPLES", "10"))


@pytest.fixture
def token(users, seeded):
    from jixiao.web.accounts.models import ApiToken

    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    _, plain = ApiToken.issue(users.alice)
    yield plain
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_monitoring_api_matches_its_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
