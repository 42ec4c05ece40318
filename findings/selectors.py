"""Reads of findings: what each one lacks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from findings.models import Finding
from findings.rules import RULES


def with_missing(findings: Iterable[Finding]) -> list[Finding]:
    """Set `missing` on each open finding whose rule can say exactly what its subject lacks:
    one query per rule present, whatever the number of findings."""
    findings = list(findings)
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        finding.missing = ""
        if finding.resolved_at is None:
            by_rule[finding.rule_code].append(finding)
    for code, group in by_rule.items():
        rule = RULES.get(code)
        if rule is None or rule.explain is None:
            continue
        gaps = rule.explain([f.subject_id for f in group])
        for finding in group:
            finding.missing = ", ".join(gaps.get(finding.subject_id, []))
    return findings
