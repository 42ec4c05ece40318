"""A scheduled job really executed by a Celery worker through the configured broker (Redis in CI)."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from core.models import SchedulerHeartbeat
from core.tasks import record_heartbeat
from qms_leadership.celery import app


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_executes_the_heartbeat_task():
    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = record_heartbeat.delay("ci-check")
        stamp = result.get(timeout=30)
    beat = SchedulerHeartbeat.objects.get(name="ci-check")
    assert beat.beat_at.isoformat() == stamp
    assert beat.worker  # the worker's host name, so we know it did not run in this process


def test_beat_schedule_points_at_real_tasks():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry
