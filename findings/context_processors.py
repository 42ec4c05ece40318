"""The count of findings that need attention, shown in the navigation bar (one query)."""

from django.utils import timezone

from findings.models import Finding


def open_findings(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("findings.view_finding"):
        return {}
    return {"open_findings_count": Finding.objects.alerting(timezone.localdate()).count()}
