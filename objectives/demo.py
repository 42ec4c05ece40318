"""Demo objectives of Northwind Precision Components: measured series, one stale, one off track, an orphan.

The policy and its commitment keys are seeded by the policy demo (commitments.demo_policy); the
objectives here point at those keys, plus one at the unknown key "lean-waste" (an orphan that
the alignment checks should flag).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from commitments.models import Process
from core.demodata import demo_step
from objectives import services
from objectives.models import Objective, ResourceRequest

# ref, title, keys, process, owner, direction, baseline, target (or band), unit, frequency, status,
# customer related, measured values (newest last), days between the last value and today.
OBJECTIVES = [
    ("CS-01", "Raise the customer satisfaction score to 8.5 out of 10", ["customer-satisfaction"],
     "Customer complaints", "quality", "increase", "7.8", "8.5", "/10", 30, "active", True,
     ["7.8", "7.9", "8.0", "8.1", "8.2"], 3),
    ("OTD-01", "Deliver 96 % of order lines on the confirmed date",
     ["on-time-delivery", "customer-satisfaction"],
     "Sales and order intake", "coo", "increase", "88", "96", "%", 30, "active", True,
     ["88.5", "89.7", "90.4", "91.5", "29.6"], 3),
    ("PPM-01", "Cut customer-returned parts to 150 ppm", ["product-conformity"],
     "Machining and assembly", "coo", "decrease", "450", "150", "ppm", 30, "active", True,
     ["445", "430", "438", "425", "420"], 3),
    ("SCRAP-01", "Keep the machining scrap rate between 0.5 % and 1.5 %",
     ["product-conformity", "continual-improvement"],
     "Machining and assembly", "operator", "within", "0.5", "1.5", "%", 30, "active", True,
     ["1.4", "1.2", "1.1", "0.9", "1.0"], 3),
    ("COMPL-01", "Close 95 % of complaints within 30 days", ["customer-satisfaction", "meet-requirements"],
     "Customer complaints", "quality", "increase", "70", "95", "%", 30, "active", True,
     ["71", "74", "78", "80", "81"], 3),
    ("CAL-01", "Calibrate every gauge before its due date", ["meet-requirements"],
     "Machining and assembly", "quality", "increase", "90", "100", "%", 30, "active", False,
     ["92", "95"], 120),
    ("TRAIN-01", "Train all CNC operators on the new five-axis programs", ["people-competence"],
     "Machining and assembly", "coo", "increase", "40", "100", "%", 30, "active", False,
     ["45", "55", "62", "70", "78"], 3),
    ("SUP-01", "Get 95 % of supplier deliveries on time", ["on-time-delivery", "meet-requirements"],
     "Purchasing", "coo", "increase", "85", "95", "%", 30, "active", False,
     ["86", "87.5", "89", "90.2"], 3),
    ("CI-01", "Implement 20 improvement suggestions from the floor each quarter",
     ["continual-improvement", "people-competence"], "", "ceo", "increase", "5", "20", "suggestions", 90,
     "draft", False, [], 0),
    ("LEAN-01", "Cut operator walking distance to 800 m per shift", ["lean-waste"],
     "Machining and assembly", "coo", "decrease", "1200", "800", "m", 30, "active", False,
     ["1150", "1080", "1010", "990"], 3),
]  # fmt: skip

# objective ref (or None), process (or None), category, description, quantity, cost, final status, reason
RESOURCES = [
    ("PPM-01", None, "monitoring_measuring", "Second CMM probe for in-process checks", "1", "14500",
     "requested", ""),
    ("TRAIN-01", None, "people", "Five-axis programming course for six operators", "6", "9000",
     "approved", "Needed for the new machines; within the training budget."),
    ("CS-01", None, "people", "Full-time customer service engineer", "1", "62000",
     "rejected", "Not this year: the complaint workflow changes come first."),
    ("CAL-01", None, "external_provider", "Accredited calibration of the height gauges", "12", "1800",
     "provided", "Calibration is a legal and customer requirement."),
    (None, "Machining and assembly", "environment", "Air conditioning for the measuring room (20 °C ± 1)",
     "1", "7800", "requested", ""),
]  # fmt: skip

START_DAYS_AGO = 180
DUE_IN_DAYS = 185
SPACING_DAYS = 30


@demo_step(order=40)
def seed(*, password: str, people: dict) -> None:
    """Objectives with measurement series and resource requests in every status; idempotent."""
    today = timezone.localdate()
    by = people.get("quality")
    for row in OBJECTIVES:
        _objective(row, today=today, people=people, by=by, password=password)
    for row in RESOURCES:
        _resource(row, people=people, by=by, password=password)
    services.recompute_progress()


def _objective(row, *, today: datetime.date, people: dict, by, password: str) -> None:
    (
        ref,
        title,
        keys,
        process,
        owner,
        direction,
        low,
        high,
        unit,
        frequency,
        status,
        customer,
        values,
        gap,
    ) = row
    if Objective.objects.filter(ref=ref).exists():
        return
    start = today - datetime.timedelta(days=START_DAYS_AGO)
    data = {
        "ref": ref, "title": title, "process": Process.objects.filter(name=process).first(),
        "owner": people.get(owner), "direction": direction, "unit": unit, "frequency_days": frequency,
        "start_date": start, "due_date": today + datetime.timedelta(days=DUE_IN_DAYS),
        "customer_related": customer, "method": "Monthly figure from the ERP report, checked by the owner.",
        "plan": "Weekly review at the shop-floor board; actions logged with owners and dates.",
        "evaluation": "Reviewed monthly against the trajectory and at each management review.",
    }  # fmt: skip
    if direction == "within":
        data.update(band_low=Decimal(low), band_high=Decimal(high))
    else:
        data.update(baseline=Decimal(low), target=Decimal(high))
    objective = services.objective_create(data=data, commitment_keys=keys, by=by)
    if status != Objective.Status.DRAFT:
        # The quality manager proposes; top management approves, then (for a closed one) concludes.
        services.objective_change_status(objective=objective, status=Objective.Status.PROPOSED, by=by)
    ceo = people.get("ceo")
    if status not in (Objective.Status.DRAFT, Objective.Status.PROPOSED):
        services.objective_change_status(
            objective=objective, status=Objective.Status.ACTIVE, by=ceo, password=password
        )
    if status in Objective.CONCLUSIONS:
        services.objective_change_status(
            objective=objective, status=status, reason="Concluded at the management review", by=ceo
        )
    last = today - datetime.timedelta(days=gap)
    for i, value in enumerate(values):
        day = last - datetime.timedelta(days=SPACING_DAYS * (len(values) - 1 - i))
        services.measurement_record(
            objective=objective, measured_on=day, value=Decimal(value), by=people.get(owner)
        )
    if ref == "OTD-01":
        # The last value above was a typing error; its correction supersedes it and both are kept.
        services.measurement_record(
            objective=objective, measured_on=last, value=Decimal("92.6"), comment="Corrected typo", by=by
        )


def _resource(row, *, people: dict, by, password: str) -> None:
    ref, process, category, description, quantity, cost, status, reason = row
    if ResourceRequest.objects.filter(description=description).exists():
        return
    request = services.resource_request_create(
        data={
            "category": category, "description": description,
            "objective": Objective.objects.filter(ref=ref).first() if ref else None,
            "process": Process.objects.filter(name=process).first() if process else None,
            "quantity": Decimal(quantity), "cost": Decimal(cost),
        },
        by=by,
    )  # fmt: skip
    if status in (ResourceRequest.Status.APPROVED, ResourceRequest.Status.PROVIDED):
        services.resource_request_decide(
            request=request, status="approved", reason=reason, by=people.get("ceo"), password=password
        )
    if status == ResourceRequest.Status.REJECTED:
        services.resource_request_decide(
            request=request, status="rejected", reason=reason, by=people.get("ceo"), password=password
        )
    if status == ResourceRequest.Status.PROVIDED:
        services.resource_request_mark_provided(request=request, by=by)
