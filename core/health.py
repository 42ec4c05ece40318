"""Health probes: the database answers within a short statement timeout; the broker is probed in a
background thread bounded by a timeout, so a hung broker can never hold a web worker."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from core.models import SchedulerHeartbeat


@dataclass
class _Probe:
    thread: threading.Thread | None = None
    outcome: str = "not checked"


_broker_probe = _Probe()
_broker_lock = threading.Lock()


def probe_timeout() -> float:
    """Seconds any single external call of a health probe may take."""
    return float(settings.QMS_HEALTH_TIMEOUT)


def database_state() -> str:
    """'ok' when the database answers a trivial query within the probe timeout, else why not."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = %s", [int(probe_timeout() * 1000)])
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return "unreachable"


def _check_broker(probe: _Probe) -> None:
    from qms_leadership.celery import broker_connection

    timeout = probe_timeout()
    try:
        with broker_connection(timeout) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        probe.outcome = "ok"
    except Exception:  # noqa: BLE001
        probe.outcome = "unreachable"


def broker_state() -> str:
    """'ok', 'unreachable', or 'not answering within N s' (one probe thread in flight at most)."""
    timeout = probe_timeout()
    with _broker_lock:
        probe = _broker_probe
        if probe.thread is not None and probe.thread.is_alive():
            return f"not answering within {timeout:g} s"
        probe.outcome = "not checked"
        probe.thread = threading.Thread(target=_check_broker, args=(probe,), daemon=True)
        probe.thread.start()
    probe.thread.join(timeout)
    if probe.thread.is_alive():
        return f"not answering within {timeout:g} s"
    return probe.outcome


def scheduler_heartbeat() -> str | None:
    """When the scheduler last proved it runs jobs (ISO time), or None."""
    last = SchedulerHeartbeat.objects.filter(name="scheduler").first()
    return last.beat_at.isoformat() if last else None
