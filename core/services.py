"""Write use cases of the core app."""

from django.utils import timezone

from core.models import SchedulerHeartbeat


def heartbeat_record(*, name: str, worker: str = "") -> SchedulerHeartbeat:
    """Record that a scheduled job ran now."""
    beat, _ = SchedulerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "worker": worker[:200]}
    )
    return beat
