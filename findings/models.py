"""Findings raised by the background checks, and the scans that raise them."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import datetime_text
from core.indexes import sort_index
from findings.rules import RULES, Severity


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(resolved_at__isnull=True)

    def alerting(self, today: datetime.date) -> FindingQuerySet:
        """Open findings that nobody accepted, or whose acceptance has expired."""
        return self.open().filter(Q(accepted_until__isnull=True) | Q(accepted_until__lt=today))

    def accepted(self, today: datetime.date) -> FindingQuerySet:
        return self.open().filter(accepted_until__gte=today)

    def of_severity(self, severity: str) -> FindingQuerySet:
        """Findings of one severity, asked as its rank too: the expression the open findings' sort
        index leads with, so one severity is one range of that index, not a walk past every more
        severe finding."""
        return (
            self.filter(severity=severity)
            .alias(rank=SEVERITY_RANK)
            .filter(rank=SEVERITY_ORDER.index(severity))
        )

    def for_subject(self, obj: models.Model) -> FindingQuerySet:
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)


SEVERITY_ORDER = (Severity.CRITICAL, Severity.WARNING, Severity.INFO)
# 0 for critical, then warning, then info: the order of the findings list and its index.
SEVERITY_RANK = Case(
    *[When(severity=severity, then=Value(n)) for n, severity in enumerate(SEVERITY_ORDER)],
    default=Value(9),
    output_field=IntegerField(),
)


class Finding(models.Model):
    """One rule in breach for one subject, from first seen until the condition clears."""

    Severity = Severity
    SEVERITY_RANK = SEVERITY_RANK

    # The scan writes findings set-based, up to hundreds of thousands in one statement, so each
    # index and each per-row check costs: the unique index below leads with the rule code (no index
    # of its own), and the two keys the scan copies from rows that are themselves checked (content
    # types, objectives' owners) carry no database constraint, whose per-row checks at commit cost as
    # much as the insert itself. Django still applies on_delete for both.
    rule_code = models.CharField(max_length=40)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    subject_id = models.BigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(max_length=300)
    message = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        db_constraint=False,
    )
    first_seen_at = models.DateTimeField()
    last_seen_on = models.DateField(help_text=_("The last day a scan saw the condition."))
    resolved_at = models.DateTimeField(null=True, blank=True)
    accepted_until = models.DateField(null=True, blank=True)
    acceptance_reason = models.TextField(blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-first_seen_at", "-pk"]
        permissions = [
            ("accept_finding", "Can accept a finding for a while, with a justification"),
            ("run_checks", "Can run the background checks now"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "subject_type", "subject_id"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_finding_per_rule_and_subject",
                violation_error_message=_("This rule already has an open finding for this subject."),
            )
        ]
        # Every index here is written for each finding the scan opens (a first scan at 100,000
        # objectives opens about 250,000), so there are as few as the pages need: partial ones
        # over the rare rows (accepted, resolved) cost an opening nothing.
        indexes = [
            # The findings of one record (its detail page), open or not.
            models.Index(fields=["subject_type", "subject_id"], name="finding_subject_idx"),
            # Few findings are accepted: an index of those alone costs the scan nothing.
            models.Index(
                fields=["accepted_by"], condition=Q(accepted_by__isnull=False), name="finding_accepted_by_idx"
            ),
            # "Accepted for now": the findings accepted until a day.
            models.Index(
                fields=["accepted_until"],
                condition=Q(accepted_until__isnull=False),
                name="finding_accepted_idx",
            ),
            # The list's sorts (core/lists.py). Its default view, the open findings most severe
            # first, has a partial index of its own, which also serves the work queue (one severity,
            # newest first: the same index read backwards); the resolved ones have theirs.
            sort_index("finding_sort_seen_idx", "first_seen_at"),
            models.Index(
                SEVERITY_RANK,
                F("first_seen_at"),
                F("id"),
                condition=Q(resolved_at__isnull=True),
                name="finding_open_rank_idx",
            ),
            models.Index(
                F("first_seen_at"),
                F("id"),
                condition=Q(resolved_at__isnull=False),
                name="finding_resolved_seen_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_code}: {self.subject_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("findings:detail", args=[self.pk])

    @property
    def rule(self):
        return RULES.get(self.rule_code)

    @property
    def title(self) -> str:
        """The rule's title in the reader's language (the row stores it in English, as the scan wrote it)."""
        return self.rule.shown_title() if self.rule else self.message

    @property
    def advice(self) -> str:
        """What to do, in the reader's language."""
        return gettext(self.rule.advice) if self.rule else ""

    def state(self, today: datetime.date) -> str:
        return finding_state(self.resolved_at, self.accepted_until, lambda: today)


def finding_state(resolved_at, accepted_until, today: Callable[[], datetime.date]) -> str:
    """resolved, accepted (until a date not yet past) or open; `today` is asked only for an acceptance,
    so an export of many rows reads the clock only where it matters."""
    if resolved_at:
        return "resolved"
    if accepted_until and accepted_until >= today():
        return "accepted"
    return "open"


class FindingTally(models.Model):
    """Open findings of one severity, and how many of them alert: stored so no page counts findings.

    Written at the end of every scan and after an acceptance is given or withdrawn
    (findings.services.finding_tally_refresh); acceptances expire by date, which the daily
    scan picks up.
    """

    severity = models.CharField(max_length=10, choices=Severity.choices, unique=True)
    open_count = models.IntegerField(default=0)
    alerting_count = models.IntegerField(default=0)
    counted_on = models.DateField(help_text=_("The day the alerting figure is valid for."))

    class Meta:
        ordering = ["severity"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.alerting_count} alerting of {self.open_count} open"


class ScanRunQuerySet(models.QuerySet):
    def in_progress(self) -> ScanRunQuerySet:
        return self.filter(status__in=[ScanRun.Status.QUEUED, ScanRun.Status.RUNNING])


class ScanRun(models.Model):
    """One run of all the checks, quiet or not: when, why, and what changed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped (another scan was running)")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(help_text=_("When the run was queued or, for a scheduled one, began."))
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(max_length=40, default="schedule")
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    seen = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ScanRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # However often "run checks now" is clicked, one scan waits in the queue.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="queued"),
                name="one_queued_scan",
                violation_error_message=_("A scan is already queued."),
            )
        ]

    def __str__(self) -> str:
        return f"Scan {datetime_text(self.started_at)} ({self.status})"

    @property
    def duration(self) -> datetime.timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None


class ScanLock(models.Model):
    """A named lock with an expiry, so two workers never run the same scan at once."""

    name = models.CharField(max_length=40, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder or 'nobody'} until {self.expires_at:%H:%M}"


class DigestSent(models.Model):
    """One row per person and day a digest went out: the guard against duplicate mails."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"], name="one_digest_per_person_kind_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to user {self.user_id} on {self.sent_on}"
