"""Core background jobs."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from core import jobs, services


@shared_task(bind=True, acks_late=True)
def record_heartbeat(self, name: str = "scheduler") -> str:
    """Scheduled every few minutes: proves that beat and a worker are alive."""
    beat = services.heartbeat_record(name=name, worker=self.request.hostname or "")
    return beat.beat_at.isoformat()


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_jitter=False,
    max_retries=3,
)
def run_job(self, job_id: int) -> str:
    """Run one background job (core.jobs); a dropped database connection retries it."""
    job = jobs.job_run(job_id=job_id)
    return job.status if job is not None else "missing"


@shared_task(acks_late=True)
def expire_job_results() -> int:
    """Daily: remove old job files and close jobs that never finished."""
    return jobs.job_results_expire()
