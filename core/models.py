"""Core models: the scheduler's heartbeat."""

from django.db import models


class SchedulerHeartbeat(models.Model):
    """The last time a scheduled job really ran on a worker, so /healthz can tell."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M}"
