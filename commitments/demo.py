"""Demo data of the commitments app."""

from commitments.models import Process, Responsibility

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

PROCESSES = [
    ("Sales and order intake", "coo", "Turn customer enquiries into confirmed, feasible orders."),
    ("Machining and assembly", "coo", "Make precision components to drawing, on time."),
    ("Purchasing", "coo", "Buy materials and services from approved suppliers."),
    ("Customer complaints", "quality", "Resolve complaints and remove their causes."),
]


def seed(*, password: str, people: dict) -> None:
    """Owners and cadences of the 2015 responsibilities, and the process register."""
    for responsibility in Responsibility.objects.of_active_edition():
        changed = False
        owner = people.get(OWNERS.get(responsibility.code, "ceo"))
        if responsibility.owner_id is None and owner is not None:
            responsibility.owner = owner
            changed = True
        cadence = CADENCE.get(responsibility.code)
        if cadence and responsibility.evidence_cadence_days != cadence:
            responsibility.evidence_cadence_days = cadence
            changed = True
        if changed:
            responsibility.save()
    for name, owner, purpose in PROCESSES:
        Process.objects.get_or_create(name=name, defaults={"owner": people.get(owner), "purpose": purpose})
