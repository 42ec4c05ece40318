"""The data package is compiled from live data, and a signed review keeps its snapshot."""

import hashlib

import pytest
from django.utils import timezone

from commitments.models import Evidence, Responsibility
from commitments.services.status import responsibility_recompute
from reviews import package, services
from tests.commitments.factories import EvidenceFactory, active_responsibility
from tests.factories import PASSWORD
from tests.policy.factories import RiskFactory
from tests.reviews.factories import conclude, cover_all_inputs, plan_review

pytestmark = pytest.mark.django_db


def _prepared():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    return review


def test_risks_input_lists_open_risks_and_closed_treatments():
    RiskFactory(title="Spindle failure on the 5-axis", likelihood=4, impact=5)
    RiskFactory(
        title="Single supplier of bar stock",
        likelihood=2,
        impact=3,
        status="closed",
        treatment_effectiveness="Second supplier qualified; no shortage since.",
    )
    package = _prepared().inputs.get(code="e").package
    assert package["summary"] == "1 open or treated, 1 closed with their effectiveness."
    rows = {row[1]: row for row in package["rows"]}
    assert rows["Spindle failure on the 5-axis"][3:6] == [20, "Critical", "Open"]
    assert rows["Single supplier of bar stock"][6] == "Second supplier qualified; no shortage since."


def test_risks_input_counts_every_risk_and_lists_a_bounded_number(monkeypatch):
    monkeypatch.setattr(package, "RISK_ROWS", 2)
    RiskFactory(title="Low", likelihood=1, impact=1)
    RiskFactory(title="High", likelihood=5, impact=5)
    RiskFactory(title="Middle", likelihood=3, impact=3)
    RiskFactory(title="Closed", status="closed", treatment_effectiveness="Worked.")
    inputs = _prepared().inputs.get(code="e").package
    assert inputs["summary"] == (
        "3 open or treated, 1 closed with their effectiveness."
        " The first 2 (open first, by score) are listed; the risk register holds them all."
    )
    assert [row[1] for row in inputs["rows"]] == ["High", "Middle"]


def test_evidence_input_shows_each_responsibilitys_status():
    EvidenceFactory(responsibilities=[active_responsibility("a")])
    responsibility_recompute()
    package = _prepared().inputs.get(code="c5").package
    rows = {row[0]: row for row in package["rows"]}
    assert rows["a) Accountable for QMS effectiveness"][2] == "Evidenced"
    assert rows["j) Supporting other managers"][2] == "No fresh evidence"
    assert "1 evidenced" in package["summary"] and "9 no fresh evidence" in package["summary"]


def test_after_sign_off_the_snapshot_does_not_follow_live_data():
    risk = RiskFactory(title="Spindle failure", likelihood=4, impact=5)
    review = _prepared()
    cover_all_inputs(review)
    services.review_hold(review=review, held_on=timezone.localdate(), by=review.chair)
    conclude(review)
    services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    before = review.inputs.get(code="e").package
    risk.likelihood, risk.score = 1, 5
    risk.save()
    assert review.inputs.get(code="e").package == before
    assert before["rows"][0][3] == 20


def test_a_signed_review_becomes_evidence_with_its_minutes():
    review = _prepared()
    cover_all_inputs(review)
    review = services.review_hold(review=review, held_on=timezone.localdate(), by=review.chair)
    conclude(review)
    services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    evidence = Evidence.objects.get(kind=Evidence.Kind.REVIEW)
    assert evidence.fact_date == review.held_on
    assert sorted(evidence.responsibilities.values_list("code", flat=True)) == ["a", "g", "i"]
    attachment = evidence.attachments.get()
    with attachment.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    # The same document is kept on the review, as signed.
    review.refresh_from_db()
    with review.signed_minutes.open("rb") as handle:
        assert handle.read() == content
    assert review.signed_minutes_sha256 == attachment.sha256
    assert Responsibility.objects.of_active_edition().get(code="g").status == Responsibility.Status.GREEN
