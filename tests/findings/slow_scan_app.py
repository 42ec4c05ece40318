"""The Celery app as workers run it, plus one deliberately slow rule, so a test can kill a worker
in the middle of a scan. Used only by tests/findings/test_worker.py."""

import time

import django

from qms_leadership.celery import app  # noqa: F401 - the worker's app

django.setup()

from findings.rules import Severity, rule  # noqa: E402 - models load after setup
from reviews.checks import review_action_overdue  # noqa: E402
from reviews.models import ReviewAction  # noqa: E402

SLOW_SECONDS = 4


@rule(
    code="ZZZ-SLOW-TEST",
    severity=Severity.INFO,
    subject=ReviewAction,
    title="Slow test rule",
    advice="Only for the worker-kill test.",
)
def slow_rule(today):
    """The same subjects as the overdue-action rule, after a pause; sorts last, so it runs last."""
    time.sleep(SLOW_SECONDS)
    return review_action_overdue(today)
