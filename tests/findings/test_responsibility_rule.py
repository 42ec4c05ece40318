import datetime

import pytest
from django.utils import timezone

from commitments.models import Responsibility
from findings.engine import run_checks
from findings.models import Finding

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _set(code, *, status, last_evidence_on, cadence=30):
    Responsibility.objects.of_active_edition().filter(code=code).update(
        status=status, last_evidence_on=last_evidence_on, evidence_cadence_days=cadence
    )


@pytest.mark.parametrize(("days_ago", "fires"), [(60, False), (61, True)])
def test_red_for_longer_than_one_cadence_is_flagged_at_the_boundary(days_ago, fires):
    Responsibility.objects.update(status=Responsibility.Status.GREEN, last_evidence_on=TODAY)
    # Evidence from 60 days ago with a 30-day cadence expired 30 days ago: red for exactly one cadence.
    _set("f", status=Responsibility.Status.RED, last_evidence_on=TODAY - datetime.timedelta(days=days_ago))
    run_checks(codes=["RESP-RED-TOO-LONG"], today=TODAY)
    assert Finding.objects.open().filter(rule_code="RESP-RED-TOO-LONG").exists() is fires


def test_never_evidenced_is_flagged_and_green_or_amber_is_not():
    Responsibility.objects.update(status=Responsibility.Status.GREEN, last_evidence_on=TODAY)
    _set("j", status=Responsibility.Status.RED, last_evidence_on=None)
    _set("e", status=Responsibility.Status.AMBER, last_evidence_on=TODAY - datetime.timedelta(days=400))
    run_checks(codes=["RESP-RED-TOO-LONG"], today=TODAY)
    labels = list(Finding.objects.open().values_list("subject_label", flat=True))
    assert labels == ["j) Supporting other managers"]
