"""Demo 5.3 assignments under the 2015 edition: most confirmed, one waiting for its holder, one
missing, so the checks and the transition cockpit have something realistic to show."""

import datetime

from django.utils import timezone

from commitments.models import ListKey, ManagementRole, Requirement, RoleAssignment

# (requirement key, role title, days ago, confirmed after days or None)
ASSIGNMENTS = [
    ("conformity", "Quality manager", 400, 2),
    ("process-outputs", "Production manager", 400, 5),
    ("reporting", "Quality manager", 400, 2),
    ("integrity-on-change", "Quality manager", 30, None),
    # customer-focus stays unassigned: a gap the cockpit and the checks point at.
]


def seed(*, password: str, people: dict) -> None:
    """Assignments given by the CEO, dated in the past, with confirmations by the holders."""
    ceo = people.get("ceo")
    if ceo is None or RoleAssignment.objects.exists():
        return
    now = timezone.now()
    requirements = {
        r.key: r for r in Requirement.objects.of_active_edition().in_list(ListKey.ROLE_ASSIGNMENTS)
    }
    roles = {r.title: r for r in ManagementRole.objects.select_related("holder")}
    for key, title, days_ago, confirmed_after in ASSIGNMENTS:
        if key not in requirements or title not in roles:
            continue
        assigned_at = now - datetime.timedelta(days=days_ago)
        RoleAssignment.objects.create(
            requirement=requirements[key],
            role=roles[title],
            holder=roles[title].holder,
            assigned_by=ceo,
            assigned_at=assigned_at,
            confirmed_at=assigned_at + datetime.timedelta(days=confirmed_after) if confirmed_after else None,
        )
