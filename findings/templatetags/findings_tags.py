"""{% findings_for obj %}: the open findings about one record, on that record's page, with what each lacks."""

from django import template
from django.utils import timezone

from findings.models import Finding
from findings.selectors import with_missing

register = template.Library()


@register.inclusion_tag("findings/_subject_findings.html", takes_context=True)
def findings_for(context, obj):
    user = context.get("user")
    if obj is None or user is None or not user.has_perm("findings.view_finding"):
        return {"findings": []}
    findings = with_missing(Finding.objects.for_subject(obj).open())
    return {"findings": findings, "today": timezone.localdate()}
