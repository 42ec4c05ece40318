"""The count of findings that need attention, shown in the navigation bar (one query on a tiny table)."""

from django.db.models import Sum

from findings.models import FindingTally


def open_findings(request) -> dict:
    """Read the stored tally (written by each scan and acceptance), never count the findings."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("findings.view_finding"):
        return {}
    total = FindingTally.objects.aggregate(n=Sum("alerting_count"))["n"] or 0
    return {"open_findings_count": total}
