"""Demo data of the commitments app."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments.models import Evidence, LeadershipAction, Process, Responsibility
from commitments.services import actions as action_services
from commitments.services import evidence as evidence_services
from commitments.services import status as status_services
from core.demodata import demo_step

OWNERS = {
    "a": "ceo",
    "b": "ceo",
    "c": "coo",
    "d": "coo",
    "e": "coo",
    "f": "ceo",
    "g": "ceo",
    "h": "coo",
    "i": "coo",
    "j": "ceo",
}
CADENCE = {"a": 90, "b": 180, "f": 60, "h": 60}

# name, owner, purpose, inputs, outputs, indicators
PROCESSES = [
    (
        "Sales and order intake", "coo", "Turn customer enquiries into confirmed, feasible orders.",
        "Customer enquiries, drawings and specifications, capacity plan.",
        "Quotes, contract reviews, confirmed orders with promised dates.",
        "Quote turnaround (days); orders confirmed without open questions (%).",
    ),
    (
        "Machining and assembly", "coo", "Make precision components to drawing, on time.",
        "Released orders, drawings, material, work instructions, calibrated gauges.",
        "Conforming parts with their inspection records, ready to ship.",
        "On-time delivery (%); scrap (ppm); first-off inspections done (%).",
    ),
    (
        "Purchasing", "coo", "Buy materials and services from approved suppliers.",
        "Material requirements, approved supplier list, specifications.",
        "Purchase orders; received material with its certificates.",
        "Supplier on-time delivery (%); incoming rejections (ppm).",
    ),
    (
        "Customer complaints", "quality", "Resolve complaints and remove their causes.",
        "Complaints from customers and sales; returned parts.",
        "8D reports, corrective actions, answers to customers.",
        "Complaints per month; days to close; repeat complaints.",
    ),
]  # fmt: skip


@demo_step(order=20)
def seed(*, password: str, people: dict) -> None:
    """Owners and cadences of the 2015 responsibilities, and the process register."""
    for responsibility in Responsibility.objects.of_active_edition():
        changed = False
        owner = people.get(OWNERS.get(responsibility.code, "ceo"))
        if responsibility.owner_id is None and owner is not None:
            # Top management assigns the owners itself (its own act, in the audit pack).
            responsibility.owner = owner
            responsibility.owner_confirmed_by = people.get("ceo")
            responsibility.owner_confirmed_at = timezone.now()
            changed = True
        cadence = CADENCE.get(responsibility.code)
        if cadence and responsibility.evidence_cadence_days != cadence:
            responsibility.evidence_cadence_days = cadence
            changed = True
        if changed:
            responsibility.save()
    for name, owner, purpose, inputs, outputs, indicators in PROCESSES:
        Process.objects.get_or_create(
            name=name,
            defaults={
                "owner": people.get(owner),
                "purpose": purpose,
                "inputs": inputs,
                "outputs": outputs,
                "performance_indicators": indicators,
            },
        )
    seed_register(people=people)


def _pdf(text: str) -> bytes:
    """A tiny one-page PDF saying `text` (enough for a reader and for the upload checks)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


# (responsibility codes, title, kind, days ago, recorder, file name or None)
# a-d, f, g end up green; e is amber (its evidence is ageing); h is amber (an overdue action);
# i is red (its evidence is stale); j is red (no evidence at all).
EVIDENCE = [
    (["a"], "Management review minutes, Q3", "minutes", 20, "quality", "management-review-q3.pdf"),
    (["b"], "Quality policy briefing to all shifts", "communication", 35, "ceo", "policy-briefing.txt"),
    (["c", "d"], "Process owners' KPI review", "review", 12, "coo", None),
    (["d"], "Risk-based thinking workshop attendance", "training", 40, "quality", "workshop-attendance.csv"),
    (["e"], "Approval of the CMM replacement budget", "resources", 80, "coo", "cmm-budget-approval.pdf"),
    (["f"], "Town hall: why first-pass yield matters", "communication", 10, "ceo", None),
    (["g"], "Internal audit summary 2026", "audit", 30, "quality", None),
    (["h"], "Coaching session for cell leaders", "training", 15, "coo", None),
    (["i"], "Improvement ideas board launch", "decision", 200, "quality", None),
]
ACTIONS = [
    ("h", "Run cell-leader coaching for the night shift", "coo", -10, "planned"),
    ("a", "Present the QMS effectiveness report to the board", "ceo", 30, "in_progress"),
    ("j", "Nominate deputies for every management role", "ceo", 45, "planned"),
]


def seed_register(*, people: dict) -> None:
    """Evidence, files and actions so the register shows green, amber and red responsibilities."""
    today = timezone.localdate()
    by_code = {r.code: r for r in Responsibility.objects.of_active_edition()}
    quality = people.get("quality")
    for code, title, owner, due_in_days, status in ACTIONS:
        if code not in by_code or LeadershipAction.objects.filter(title=title).exists():
            continue
        action = action_services.action_create(
            responsibility=by_code[code],
            title=title,
            owner=people[owner],
            due_date=today + datetime.timedelta(days=due_in_days),
            by=quality,
        )
        if status != action.status:
            action_services.action_transition(action=action, status=status, by=quality)
    for codes, title, kind, days_ago, recorder, file_name in EVIDENCE:
        if Evidence.objects.filter(title=title).exists() or not all(c in by_code for c in codes):
            continue
        files = []
        if file_name and file_name.endswith(".pdf"):
            fact = today - datetime.timedelta(days=days_ago)
            pdf = _pdf(f"{title}, {fact:%d %B %Y}")
            files.append(SimpleUploadedFile(file_name, pdf, content_type="application/pdf"))
        elif file_name:
            # The file says what its record says: the same title and the same date.
            fact = today - datetime.timedelta(days=days_ago)
            body = (
                f"date,what,signed\n{fact.isoformat()},{title},yes\n"
                if file_name.endswith(".csv")
                else f"{title}, {fact:%d %B %Y}\n"
            )
            files.append(SimpleUploadedFile(file_name, body.encode(), content_type="text/plain"))
        evidence_services.evidence_create(
            title=title,
            kind=kind,
            fact_date=today - datetime.timedelta(days=days_ago),
            responsibilities=[by_code[c] for c in codes],
            description=f"Recorded for the demo of Northwind Precision Components: {title.lower()}.",
            files=files,
            by=people[recorder],
        )
    status_services.responsibility_recompute()
