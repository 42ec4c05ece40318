"""{% findings_for obj %}: the open findings about one record, on that record's page (one query)."""

from django import template
from django.utils import timezone

from findings.models import Finding

register = template.Library()


@register.inclusion_tag("findings/_subject_findings.html", takes_context=True)
def findings_for(context, obj):
    user = context.get("user")
    if obj is None or user is None or not user.has_perm("findings.view_finding"):
        return {"findings": []}
    return {"findings": list(Finding.objects.for_subject(obj).open()), "today": timezone.localdate()}
