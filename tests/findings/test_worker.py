"""The scan run by real Celery workers through the configured broker (Redis in CI) on PostgreSQL."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from findings.engine import apply_rule
from findings.models import Finding
from findings.rules import RULES
from findings.tasks import run_checks
from qms_leadership.celery import app
from reviews import services as review_services
from tests.reviews.factories import held_review

ROOT = Path(__file__).resolve().parents[2]
TODAY = timezone.localdate()
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="needs PostgreSQL (set DATABASE_URL); CI runs it",
)
needs_redis = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis") and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="needs a Redis broker (set CELERY_BROKER_URL); CI runs it",
)


def _overdue_action():
    review = held_review()
    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    return review_services.action_create(
        decision=decision,
        title="Fix the gauge",
        owner=review.chair,
        due_date=TODAY - datetime.timedelta(days=1),
        by=review.chair,
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_scan():
    _overdue_action()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        outcome = run_checks.delay("worker-test").get(timeout=60)
    assert outcome["opened"] >= 1
    assert Finding.objects.open().filter(rule_code="REV-ACTION-OVERDUE").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_never_open_the_same_finding_twice():
    _overdue_action()
    rule = RULES["REV-ACTION-OVERDUE"]
    barrier = threading.Barrier(2)
    errors = []

    def scan():
        try:
            barrier.wait(timeout=10)
            apply_rule(rule, today=TODAY, now=timezone.now())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert Finding.objects.filter(rule_code="REV-ACTION-OVERDUE").count() == 1


def _worker(env, log):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.findings.slow_scan_app",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"kill-test-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@needs_postgres
@needs_redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killing_a_worker_mid_scan_loses_nothing_and_duplicates_nothing(tmp_path):
    """SIGKILL during the slow last rule; another worker redoes the scan after the visibility timeout."""
    action = _overdue_action()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{}:{}@{}:{}/{}".format(
            db["USER"], db["PASSWORD"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
        ),
        "CELERY_VISIBILITY_TIMEOUT": "8",
    }
    log = (tmp_path / "workers.log").open("w")
    first = _worker(env, log)
    second = None
    try:
        run_checks.delay("kill-test")
        # The fast rules commit before the slow one starts: wait for their finding, then kill.
        started = _wait_for(lambda: Finding.objects.filter(rule_code="REV-ACTION-OVERDUE").exists(), 60)
        assert started, (tmp_path / "workers.log").read_text()[-3000:]
        time.sleep(1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        assert not Finding.objects.filter(rule_code="ZZZ-SLOW-TEST").exists()
        second = _worker(env, log)
        assert _wait_for(lambda: Finding.objects.filter(rule_code="ZZZ-SLOW-TEST").exists(), 90)
        redone_after = time.monotonic() - killed_at
    finally:
        for proc in (first, second):
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=10)
    assert redone_after < 8 + 30, redone_after
    for code in ("REV-ACTION-OVERDUE", "ZZZ-SLOW-TEST"):
        findings = Finding.objects.filter(rule_code=code)
        assert findings.count() == 1, code
        assert findings.get().subject_id == action.pk
