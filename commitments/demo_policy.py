"""Demo data of the quality policy and the registers (processes, risks, management roles)."""

from datetime import date, timedelta

from django.utils import timezone

from commitments.models import (
    Evidence,
    ManagementRole,
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyCommunication,
    PolicyVersion,
    Process,
    Risk,
)
from commitments.services.policy import policy_recompute_acknowledgement_counts
from core.demodata import demo_step

CONTEXT = (
    "Checked against the 2025-2028 business plan: grow aerospace and medical share to 40% of sales, "
    "keep automotive volume, open the second five-axis cell; customers demand full traceability "
    "and on-time delivery above 97%; skilled machinists are scarce in the region."
)

COMMITMENTS_V1 = [
    ("customer-satisfaction", "general", "We listen to our customers and act on what they tell us."),
    ("product-conformity", "general", "Every part we ship meets its drawing and specification."),
    ("meet-requirements", "requirements", "We meet customer, legal and regulatory requirements."),
    ("continual-improvement", "improvement", "We keep improving how we work and what we deliver."),
]
COMMITMENTS_V2 = [
    ("customer-satisfaction", "general", "We measure customer satisfaction and act on every complaint."),
    ("on-time-delivery", "general", "We deliver complete orders on the date we promised."),
    ("product-conformity", "general", "Every part we ship meets its drawing, first time, with its records."),
    ("meet-requirements", "requirements", "We meet customer, statutory and regulatory requirements."),
    (
        "continual-improvement",
        "improvement",
        "We set measurable objectives and improve our processes each year.",
    ),
    ("people-competence", "general", "Our people are trained, competent and encouraged to raise problems."),
    # No objective supports this one yet: the checks flag it as uncovered in the demo.
    ("supplier-partnership", "general", "We work with our key suppliers to improve their quality with ours."),
]

TEXT_V1 = (
    "Northwind Precision Components makes precision machined parts for demanding industries.\n"
    "Quality is the responsibility of everyone at Northwind.\n"
    "We commit to the statements below and review them every year."
)
TEXT_V2 = (
    "Northwind Precision Components makes precision machined parts for aerospace, medical and "
    "automotive customers.\n"
    "Quality is the responsibility of everyone at Northwind, from the quote to the shipment.\n"
    "Our quality objectives are set each year from the commitments below.\n"
    "We commit to the statements below and review them every year."
)
TEXT_V3 = TEXT_V2 + "\nWe expect honest reporting of mistakes: nobody is blamed for raising a problem."

# title, kind, process, likelihood, impact, status, owner, treatment, effectiveness
RISKS = [
    (
        "Late delivery of titanium bar stock",
        "risk",
        "Purchasing",
        4,
        4,
        "open",
        "coo",
        "Second approved supplier; safety stock for aerospace jobs.",
        "",
    ),
    (
        "Spindle failure on the five-axis cell",
        "risk",
        "Machining and assembly",
        3,
        5,
        "open",
        "coo",
        "Preventive maintenance contract; spare spindle budgeted.",
        "",
    ),
    (
        "Wrong drawing revision used on the shop floor",
        "risk",
        "Machining and assembly",
        2,
        5,
        "treated",
        "quality",
        "Drawings issued only from the ERP; paper copies withdrawn.",
        "",
    ),
    (
        "Order accepted without capacity check",
        "risk",
        "Sales and order intake",
        3,
        3,
        "open",
        "coo",
        "Capacity check step in the order review.",
        "",
    ),
    (
        "Repeat complaints on surface finish",
        "risk",
        "Customer complaints",
        4,
        3,
        "open",
        "quality",
        "Root-cause analysis with the customer; revised polishing instruction.",
        "",
    ),
    (
        "Calibration overdue on CMM",
        "risk",
        "Machining and assembly",
        2,
        2,
        "closed",
        "quality",
        "Calibration planner with reminders.",
        "No overdue calibration in the last two audits.",
    ),
    (
        "Medical customer qualifying a second source",
        "risk",
        "Sales and order intake",
        2,
        4,
        "open",
        "ceo",
        "Quarterly business review with the customer.",
        "",
    ),
    (
        "Supplier price increase on tooling",
        "risk",
        "Purchasing",
        5,
        2,
        "open",
        "coo",
        "Framework agreement with two tooling suppliers.",
        "",
    ),
    (
        "Automated deburring cell",
        "opportunity",
        "Machining and assembly",
        3,
        4,
        "open",
        "coo",
        "Business case for the 2026 budget.",
        "",
    ),
    (
        "Supplier portal for certificates",
        "opportunity",
        "Purchasing",
        4,
        2,
        "open",
        "quality",
        "Pilot with three suppliers.",
        "",
    ),
    (
        "Complaint trend reporting to customers",
        "opportunity",
        "Customer complaints",
        1,
        3,
        "open",
        "quality",
        "Monthly report for key accounts.",
        "",
    ),
    (
        "Night-shift first-off inspection skipped",
        "risk",
        "Machining and assembly",
        5,
        5,
        "open",
        "quality",
        "Inspection sign-off in the machine terminal; shift leader coaching.",
        "",
    ),
]

ROLES = [
    (
        "Production manager",
        "coo",
        "Machining and assembly",
        "Plans and runs production to meet delivery and quality targets; owns scrap and rework figures.",
        "Stops a job that does not meet the drawing; moves staff between cells; overtime up to 10%.",
        "Weekly one-to-one with the COO; capital requests fast-tracked to the board.",
    ),
    (
        "Quality manager",
        "quality",
        "Quality",
        "Keeps the QMS effective, reports on its performance, leads audits and corrective actions.",
        "Quarantines product; withholds release; requires corrective action from any department.",
        "Direct line to the CEO; budget for training and calibration; attends the management board.",
    ),
    (
        "Purchasing lead",
        "coo",
        "Purchasing",
        "Selects and monitors suppliers, keeps the approved supplier list.",
        "Approves new suppliers with quality; places orders up to 50k EUR.",
        "Monthly supplier review with the COO; support in negotiations with strategic suppliers.",
    ),
    (
        "Sales manager",
        "ceo",
        "Sales and order intake",
        "Turns enquiries into feasible orders, owns customer satisfaction surveys.",
        "Accepts orders within standard terms; offers goodwill credits up to 5k EUR.",
        "CEO joins key account reviews; CRM training paid by the company.",
    ),
]


def _version(
    number, status, text, commitments, *, by, approved_by=None, approved_on=None, superseded_on=None
):
    version, created = PolicyVersion.objects.get_or_create(
        number=number,
        defaults={
            "text": text,
            "context_and_direction": CONTEXT,
            "status": status,
            "created_by": by,
            "approved_by": approved_by,
            "approved_on": approved_on,
            "superseded_on": superseded_on,
        },
    )
    if created:
        for order, (key, kind, statement) in enumerate(commitments, start=1):
            PolicyCommitment.objects.create(
                version=version, key=key, kind=kind, statement=statement, sort_order=order
            )
    return version


@demo_step(order=30)
def seed(*, password: str, people: dict) -> None:
    """Policy v1 (superseded), v2 (in force), draft v3; communications, acknowledgements, registers."""
    today = timezone.localdate()
    quality, ceo = people.get("quality"), people.get("ceo")
    # Superseded rows first so the single "in force" row never clashes.
    v1 = _version(
        1,
        "superseded",
        TEXT_V1,
        COMMITMENTS_V1,
        by=quality,
        approved_by=ceo,
        approved_on=date(today.year - 2, 1, 15),
        superseded_on=date(today.year - 1, 2, 1),
    )
    v2 = _version(
        2,
        "approved",
        TEXT_V2,
        COMMITMENTS_V2,
        by=quality,
        approved_by=ceo,
        approved_on=date(today.year - 1, 2, 1),
    )
    _version(3, "draft", TEXT_V3, COMMITMENTS_V2, by=quality)
    for version, when, channel, audience in [
        (v1, date(today.year - 2, 1, 20), "town_hall", "All employees, both shifts"),
        (v2, date(today.year - 1, 2, 5), "town_hall", "All employees, both shifts"),
        (v2, date(today.year - 1, 2, 6), "noticeboard", "Shop floor and canteen"),
        (v2, date(today.year - 1, 3, 1), "website", "Customers and suppliers"),
    ]:
        PolicyCommunication.objects.get_or_create(
            version=version,
            channel=channel,
            communicated_on=when,
            defaults={"audience": audience, "recorded_by": quality},
        )
    for username in ("ceo", "coo", "quality", "operator"):
        if username in people:
            PolicyAcknowledgement.objects.get_or_create(version=v1, user=people[username])
    for username in ("coo", "quality"):  # the CEO and the operator still have to read v2
        if username in people:
            PolicyAcknowledgement.objects.get_or_create(version=v2, user=people[username])
    policy_recompute_acknowledgement_counts()

    processes = {p.name: p for p in Process.objects.all()}
    for order, (title, kind, process, likelihood, impact, status, owner, treatment, effect) in enumerate(
        RISKS
    ):
        if process not in processes:
            continue
        Risk.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "process": processes[process],
                "likelihood": likelihood,
                "impact": impact,
                "score": likelihood * impact,
                "status": status,
                "owner": people.get(owner),
                "treatment": treatment,
                "treatment_effectiveness": effect,
                "review_date": today + timedelta(days=30 + 15 * order),
                "description": f"Identified in the {process.lower()} process review.",
            },
        )
    coaching = Evidence.objects.filter(title="Coaching session for cell leaders").first()
    for title, holder, area, responsibilities, authorities, support in ROLES:
        role, created = ManagementRole.objects.get_or_create(
            title=title,
            defaults={
                "holder": people.get(holder),
                "area": area,
                "responsibilities": responsibilities,
                "authorities": authorities,
                "top_management_support": support,
            },
        )
        if created and coaching is not None:
            role.supporting_evidence.add(coaching)
