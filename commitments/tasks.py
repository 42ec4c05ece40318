"""Background jobs of the commitments app."""

from celery import shared_task

from commitments.services import status


@shared_task(bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def recompute_responsibility_status(self) -> int:
    """Daily: evidence ages with time, so refresh every responsibility's stored status."""
    return status.responsibility_recompute()


@shared_task(bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def verify_evidence_files(self) -> dict[str, int]:
    """Nightly: recompute every stored file's SHA-256 against the one recorded at upload."""
    from commitments import integrity

    return integrity.verify_all()
