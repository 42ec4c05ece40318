"""Background jobs of the checks: thin, they call one service each."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from findings import notifications, services

# Retry when the database is unreachable or restarting; a programming error is not retried.
TRANSIENT = (OperationalError, InterfaceError)


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=5)
def run_checks(self, trigger: str = "schedule", run_id: int | None = None) -> dict:
    """Daily (and on demand): refresh figures, run every rule, mail at once about urgent ones."""
    run = services.scan(trigger=trigger, run_id=run_id)
    if run is None:
        return {"skipped": "another scan is running"}
    return {"opened": run.opened, "resolved": run.resolved, "seen": run.seen}


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=5)
def catch_up(self) -> dict:
    """At worker start and hourly: run the daily scan now if none finished in the last day."""
    if not services.scan_due():
        return {"skipped": "a scan finished within the last day"}
    run = services.scan(trigger="catch-up")
    return {"skipped": "another scan is running"} if run is None else {"opened": run.opened}


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=5)
def send_digests(self) -> int:
    """Daily, after the scan: one digest per person with open findings, one summary per leader."""
    return notifications.send_digests_once()
