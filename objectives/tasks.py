"""Background jobs of the objectives app (thin: they call the services)."""

from celery import shared_task

from objectives import services


@shared_task(bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def recompute_objective_progress(self) -> int:
    """Daily: the expected trajectory moves with time, so stored progress is recomputed set-based;
    then the dashboard's tally is counted again, this month's snapshot stored, missing months rebuilt."""
    changed = services.recompute_progress()
    services.progress_tally_rebuild()
    services.progress_snapshot_backfill()
    return changed
