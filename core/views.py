"""Health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.models import SchedulerHeartbeat
from qms_leadership.celery import app as celery_app


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """JSON health for load balancers: 200 when the database and broker answer, 503 otherwise."""
    database, broker = _database_ok(), _broker_ok()
    beat = None
    if database:
        last = SchedulerHeartbeat.objects.filter(name="scheduler").first()
        beat = last.beat_at.isoformat() if last else None
    healthy = database and broker
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "unreachable",
        "broker": "ok" if broker else "unreachable",
        "last_scheduler_heartbeat": beat,
        "time": timezone.now().isoformat(),
    }
    return JsonResponse(body, status=200 if healthy else 503)
