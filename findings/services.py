"""Write use cases of findings: scanning, accepting, and the refresh that comes before a scan."""

from __future__ import annotations

import datetime

import kombu.exceptions
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.formatting import date_text
from core.history import record_change
from findings import engine, notifications, rules
from findings.models import Finding, FindingTally, ScanRun


def _refresh_derived_figures(today: datetime.date) -> None:
    for refresh in rules.REFRESH_BEFORE_SCAN.values():
        refresh(today=today)


def scan(
    *, trigger: str = "schedule", today: datetime.date | None = None, run_id: int | None = None
) -> ScanRun | None:
    """Refresh the stored figures, run every rule, and mail at once about new urgent findings.

    `run_id` is the row of a requested scan ("run checks now"); it moves from queued to running to
    done, skipped (another scan held the lock) or failed. None when another scan was running.
    """
    today = today or timezone.localdate()
    run = ScanRun.objects.filter(pk=run_id).first() if run_id else None
    if run is not None:
        ScanRun.objects.filter(pk=run.pk).update(status=ScanRun.Status.RUNNING)
    try:
        _refresh_derived_figures(today)
        outcome = engine.run_checks(trigger=trigger, today=today, run=run)
    except Exception as exc:
        if run is not None:
            _scan_failed(run, f"{type(exc).__name__}: {exc}")
        raise
    if outcome is None:
        if run is not None:
            run.status, run.finished_at = ScanRun.Status.SKIPPED, timezone.now()
            run.save(update_fields=["status", "finished_at"])
        return None
    finding_tally_refresh(today=today)
    if outcome.opened:
        since = outcome.started_at
        transaction.on_commit(lambda: notifications.send_immediate(opened_since=since, today=today))
    return outcome


def _scan_failed(run: ScanRun, error: str) -> None:
    run.status, run.finished_at, run.error = ScanRun.Status.FAILED, timezone.now(), error[:2000]
    run.save(update_fields=["status", "finished_at", "error"])


def _lost_after() -> datetime.timedelta:
    """A queued or running scan older than this was lost (its worker died and it was not redelivered)."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 0)
    return datetime.timedelta(seconds=max(settings.CELERY_TASK_TIME_LIMIT, visibility) * 2)


def scan_in_progress() -> ScanRun | None:
    """The scan queued or running now, if any (a lost one is marked failed on the way)."""
    ScanRun.objects.in_progress().filter(started_at__lt=timezone.now() - _lost_after()).update(
        status=ScanRun.Status.FAILED, finished_at=timezone.now(), error="Lost: no worker finished it."
    )
    return ScanRun.objects.in_progress().order_by("-started_at").first()


def scan_request(*, by) -> ScanRun:
    """Queue one scan now ("run checks now"); refused while one is queued or running, or when the
    job queue does not answer (then nothing stays queued)."""
    from findings.tasks import run_checks

    busy = _already_running_error
    if (current := scan_in_progress()) is not None:
        raise busy(current)
    try:
        with transaction.atomic():
            run = ScanRun.objects.create(
                status=ScanRun.Status.QUEUED,
                trigger=f"manual:{by.get_username()}"[:40],
                started_at=timezone.now(),
            )
            # Published once the row is committed, so the worker always finds it.
            transaction.on_commit(lambda: _publish(run_checks, trigger=run.trigger, run_id=run.pk))
    except IntegrityError:
        raise busy(scan_in_progress()) from None
    except kombu.exceptions.KombuError as exc:
        _scan_failed(run, _("The job queue did not answer: %(exc)s") % {"exc": exc})
        raise ValidationError(
            _(
                "The job queue is not answering, so the checks could not be started; nothing was queued. "
                "Try again in a few minutes, or ask the administrator to look at the broker (Redis)."
            )
        ) from exc
    return run


def _already_running_error(current: ScanRun | None) -> ValidationError:
    if current is None:
        return ValidationError(_("A scan is already queued; its results appear here when it has run."))
    since = formats.date_format(timezone.localtime(current.started_at), "H:i")
    state = "running" if current.status == ScanRun.Status.RUNNING else "queued"
    return ValidationError(
        _("The checks are already %(state)s (since %(since)s); their results appear here when they finish.")
        % {"state": state, "since": since}
    )


def _publish(task, **kwargs) -> None:
    """Send a task with the bounded broker connection: no retries, no result subscription."""
    from qms_leadership.celery import publish

    publish(task, [((), kwargs)])


def scan_due(*, now: datetime.datetime | None = None) -> bool:
    """True when no scan has finished in the last day (the daily one was missed, e.g. during an outage)."""
    now = now or timezone.now()
    last = ScanRun.objects.filter(status=ScanRun.Status.DONE).order_by("-started_at").first()
    return last is None or last.started_at < now - datetime.timedelta(days=1)


@transaction.atomic
def finding_accept(*, finding: Finding, reason: str, until: datetime.date, by) -> Finding:
    """Accept a finding knowingly for a while: it stays out of the alerts until `until` has passed."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    today = timezone.localdate()
    if finding.resolved_at:
        raise ValidationError(_("This finding is already resolved; there is nothing to accept."))
    if not reason or len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": _("Explain in a sentence why the organisation accepts this for now.")}
        )
    if until <= today:
        raise ValidationError({"until": _("The acceptance must end at a future date.")})
    if until > today + datetime.timedelta(days=366):
        raise ValidationError({"until": _("Accept a finding for one year at most; review it again then.")})
    finding.accepted_until, finding.acceptance_reason = until, reason.strip()
    finding.accepted_by, finding.accepted_at = by, timezone.now()
    record_change(finding, by=by, reason=f"Accepted until {date_text(until)}")
    finding.save(update_fields=["accepted_until", "acceptance_reason", "accepted_by", "accepted_at"])
    finding_tally_refresh(today=today)
    return finding


@transaction.atomic
def finding_withdraw_acceptance(*, finding: Finding, by) -> Finding:
    """Put an accepted finding back into the alerts."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if not finding.accepted_until:
        raise ValidationError(_("This finding is not accepted."))
    finding.accepted_until = None
    record_change(finding, by=by, reason=gettext_noop("Acceptance withdrawn"))
    finding.save(update_fields=["accepted_until"])
    finding_tally_refresh(today=timezone.localdate())
    return finding


@transaction.atomic
def finding_tally_refresh(*, today: datetime.date | None = None) -> dict[str, int]:
    """Count open and alerting findings per severity once, and store the figures pages read."""
    today = today or timezone.localdate()
    alerting = Q(accepted_until__isnull=True) | Q(accepted_until__lt=today)
    zero = {"open_count": 0, "alerting_count": 0}
    counts = {
        row["severity"]: row
        for row in Finding.objects.open()
        .order_by()
        .values("severity")
        .annotate(open_count=Count("pk"), alerting_count=Count("pk", filter=alerting))
    }
    FindingTally.objects.bulk_create(
        [
            FindingTally(
                severity=severity,
                open_count=counts.get(severity, zero)["open_count"],
                alerting_count=counts.get(severity, zero)["alerting_count"],
                counted_on=today,
            )
            for severity in Finding.Severity.values
        ],
        update_conflicts=True,
        unique_fields=["severity"],
        update_fields=["open_count", "alerting_count", "counted_on"],
    )
    return {severity: counts.get(severity, zero)["alerting_count"] for severity in Finding.Severity.values}
