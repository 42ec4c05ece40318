"""Core background jobs."""

from celery import shared_task

from core import services


@shared_task(bind=True, acks_late=True)
def record_heartbeat(self, name: str = "scheduler") -> str:
    """Scheduled every few minutes: proves that beat and a worker are alive."""
    beat = services.heartbeat_record(name=name, worker=self.request.hostname or "")
    return beat.beat_at.isoformat()
