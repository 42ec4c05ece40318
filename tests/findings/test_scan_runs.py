"""Scan runs: one queued or running at a time, every run recorded, catch-up after an outage, and a
broker that is down or hung answered at once with nothing left half-done."""

import datetime
import os
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from findings import notifications, services
from findings.engine import scan_lock
from findings.models import ScanRun
from findings.tasks import catch_up
from qms_leadership.celery import app, catch_up_on_start

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="needs PostgreSQL (set DATABASE_URL); CI runs it",
)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def empty_queue():
    """Tests that really publish leave no message behind for the worker tests."""
    app.control.purge()
    yield
    app.control.purge()


@pytest.mark.django_db
def test_twenty_clicks_queue_one_scan(client, quality_user):
    client.force_login(quality_user)
    first = client.post(reverse("findings:run"), follow=True)
    assert "The checks are queued" in _messages(first)
    for _ in range(19):
        again = client.post(reverse("findings:run"), follow=True)
    assert "The checks are already queued" in _messages(again)
    assert ScanRun.objects.count() == 1
    assert ScanRun.objects.get().status == ScanRun.Status.QUEUED


@pytest.mark.django_db
def test_run_checks_now_says_when_a_scan_is_already_running(client, quality_user):
    ScanRun.objects.create(status=ScanRun.Status.RUNNING, trigger="schedule", started_at=timezone.now())
    client.force_login(quality_user)
    response = client.post(reverse("findings:run"), follow=True)
    assert "The checks are already running" in _messages(response)
    assert ScanRun.objects.count() == 1


@pytest.mark.django_db
def test_a_lost_scan_does_not_block_the_next_request(client, quality_user, empty_queue):
    lost = ScanRun.objects.create(
        status=ScanRun.Status.QUEUED,
        trigger="manual:x",
        started_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(quality_user)
    client.post(reverse("findings:run"))
    lost.refresh_from_db()
    assert lost.status == ScanRun.Status.FAILED and "Lost" in lost.error
    assert ScanRun.objects.filter(status=ScanRun.Status.QUEUED).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker", ["down", "hung"])
def test_run_checks_now_with_the_broker_unavailable_says_so_and_keeps_nothing_queued(
    broker, client, settings, hung_broker
):
    from tests.factories import UserFactory

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0" if broker == "down" else hung_broker
    settings.QMS_BROKER_TIMEOUT = 0.5
    client.force_login(UserFactory(username="quality-broker", role="quality"))
    response = client.post(reverse("findings:run"), follow=True)
    assert "The job queue is not answering" in _messages(response)
    assert not ScanRun.objects.in_progress().exists()
    assert ScanRun.objects.get().status == ScanRun.Status.FAILED
    # Nothing half-done: the next click tries again instead of saying a scan is queued.
    again = client.post(reverse("findings:run"), follow=True)
    assert "The job queue is not answering" in _messages(again)


@pytest.mark.django_db
def test_a_requested_scan_moves_its_row_to_done_with_its_figures():
    run = ScanRun.objects.create(status=ScanRun.Status.QUEUED, trigger="manual:q", started_at=timezone.now())
    services.scan(trigger=run.trigger, run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ScanRun.Status.DONE and run.finished_at is not None
    assert ScanRun.objects.count() == 1


@pytest.mark.django_db
def test_every_run_even_a_quiet_one_is_listed_on_the_findings_page(client, auditor_user):
    services.scan(trigger="schedule")
    services.scan(trigger="schedule")
    assert ScanRun.objects.filter(status=ScanRun.Status.DONE).count() == 2
    client.force_login(auditor_user)
    page = client.get(reverse("findings:list")).content.decode()
    assert "Last scan: done" in page
    assert page.count("<td>schedule</td>") == 2


@pytest.mark.django_db
def test_catch_up_runs_the_scan_when_none_finished_within_a_day():
    ScanRun.objects.create(
        status=ScanRun.Status.DONE,
        trigger="schedule",
        started_at=timezone.now() - datetime.timedelta(hours=25),
    )
    assert "opened" in catch_up()
    assert ScanRun.objects.filter(trigger="catch-up", status=ScanRun.Status.DONE).count() == 1


@pytest.mark.django_db
def test_catch_up_does_nothing_after_a_recent_scan():
    services.scan(trigger="schedule")
    assert "skipped" in catch_up()
    assert not ScanRun.objects.filter(trigger="catch-up").exists()


def test_a_starting_worker_queues_the_catch_up(empty_queue):
    catch_up_on_start(sender=None)
    assert app.control.purge() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_digest_task_does_nothing_while_another_holds_its_lock():
    held, release = threading.Event(), threading.Event()

    def hold():
        with scan_lock("other-worker", name="digests"):
            held.set()
            release.wait(timeout=30)
        connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(timeout=10)
        assert notifications.send_digests_once() == 0
    finally:
        release.set()
        thread.join(timeout=10)


def test_a_visibility_timeout_below_the_longest_task_is_flagged(settings):
    from core.apps import check_visibility_timeout

    settings.CELERY_TASK_TIME_LIMIT = 1800
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60}
    assert [m.id for m in check_visibility_timeout()] == ["qms.W001"]
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2400}
    assert check_visibility_timeout() == []
