"""Mail about findings: a daily digest per person, a summary for top management, and an
immediate mail when a review becomes overdue. Never twice the same kind to the same person a day."""

from __future__ import annotations

import datetime
import os
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from core.formatting import number_text
from core.languages import language_of
from core.site import site_url
from findings.models import DigestSent, Finding
from findings.rules import RULES

User = get_user_model()
DIGEST, SUMMARY, URGENT = "digest", "summary", "urgent"
# An urgent mail lists this many findings and gives the true count of the others.
URGENT_LISTED = 20


def immediate_rule_codes() -> list[str]:
    return [code for code, r in RULES.items() if r.notify_immediately]


def _leaders():
    """Who receives the summary: everyone allowed to sign off a management review."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="signoff_managementreview")
            | Q(user_permissions__codename="signoff_managementreview")
        )
        .distinct()
    )


def _claim(user, kind: str, today: datetime.date) -> bool:
    """Record that this person gets this kind of mail today; False when they already did."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, kind=kind, sent_on=today)
    except IntegrityError:
        return False
    return True


def _send(user, subject: str, template: str, context: dict, counts: dict[str, int] | None = None) -> None:
    """Mail `user` in the language they chose: the subject (marked with gettext_noop, its figures in
    `counts`) and the body are written in it."""
    with translation.override(language_of(user) or settings.LANGUAGE_CODE):
        figures = {name: number_text(value) for name, value in (counts or {}).items()}
        _send_now(user, gettext(subject) % figures if figures else gettext(subject), template, context)


def _send_now(user, subject: str, template: str, context: dict) -> None:
    context = {
        **context,
        "user": user,
        "base_url": site_url(),
        "findings_url": site_url(reverse("findings:list")),
    }
    text = render_to_string(f"findings/mail/{template}.txt", context)
    html = render_to_string(f"findings/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def send_digests(*, today: datetime.date | None = None) -> int:
    """Each owner of new or still-open findings gets one digest; leaders get one summary.

    Returns how many mails went out."""
    today = today or timezone.localdate()
    alerting = Finding.objects.alerting(today).select_related("owner").order_by("severity", "rule_code", "pk")
    by_owner: dict[int, list[Finding]] = defaultdict(list)
    for finding in alerting.exclude(owner=None).exclude(owner__email=""):
        by_owner[finding.owner_id].append(finding)
    sent = 0
    for findings in by_owner.values():
        owner = findings[0].owner
        if owner.is_active and _claim(owner, DIGEST, today):
            new = [f for f in findings if f.first_seen_at.date() >= today - datetime.timedelta(days=1)]
            _send(
                owner,
                gettext_noop("Quality system: %(count)s open finding(s) for you"),
                "digest",
                {"findings": findings, "new": new, "today": today},
                counts={"count": len(findings)},
            )
            sent += 1
    totals = list(alerting)
    if totals:
        for leader in _leaders().exclude(email=""):
            if _claim(leader, SUMMARY, today):
                counts = defaultdict(int)
                for f in totals:
                    counts[f.get_severity_display()] += 1
                _send(
                    leader,
                    gettext_noop("Quality system summary: %(count)s open finding(s)"),
                    "summary",
                    {"findings": totals[:50], "total": len(totals), "counts": dict(counts), "today": today},
                    counts={"count": len(totals)},
                )
                sent += 1
    return sent


def send_digests_once(*, today: datetime.date | None = None) -> int:
    """send_digests under a lock: a digest task delivered twice (or run by two workers) mails once."""
    from findings.engine import scan_lock

    with scan_lock(f"{os.uname().nodename}:{os.getpid()}", name="digests") as acquired:
        return send_digests(today=today) if acquired else 0


def send_immediate(*, opened_since: datetime.datetime, today: datetime.date | None = None) -> int:
    """Urgent findings opened since a moment (a scan's start) go at once to the leaders (all of them)
    and to each owner (theirs): one mail per person, listing a few and saying how many in all."""
    today = today or timezone.localdate()
    urgent = Finding.objects.open().filter(
        rule_code__in=immediate_rule_codes(), first_seen_at__gte=opened_since
    )
    total = urgent.count()
    if not total:
        return 0
    ordered = urgent.order_by("first_seen_at", "pk")
    sent = 0
    leaders = list(_leaders().exclude(email=""))
    for leader in leaders:
        if _claim(leader, URGENT, today):
            _send_urgent(leader, list(ordered[:URGENT_LISTED]), total)
            sent += 1
    leader_ids = {u.pk for u in leaders}
    owners = (
        urgent.exclude(owner=None)
        .exclude(owner__email="")
        .exclude(owner_id__in=leader_ids)
        .order_by()
        .values("owner_id")
        .annotate(count=Count("pk"))
    )
    for row in owners:
        owner = User.objects.get(pk=row["owner_id"])
        if owner.is_active and _claim(owner, URGENT, today):
            _send_urgent(owner, list(ordered.filter(owner=owner)[:URGENT_LISTED]), row["count"])
            sent += 1
    return sent


def _send_urgent(user, findings: list[Finding], total: int) -> None:
    context = {"findings": findings, "total": total, "more": total - len(findings)}
    if total == 1:
        _send(user, gettext_noop("Quality system: a management review is overdue"), "urgent", context)
    else:
        subject = gettext_noop("Quality system: %(count)s urgent findings")
        _send(user, subject, "urgent", context, counts={"count": total})
