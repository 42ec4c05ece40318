"""Background jobs: requesting, running, progress, failures, the downloads page and the file download."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job
from core.tasks import run_job
from qms_leadership.celery import app
from tests.core.factories import finished_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request(user, n=10, kind="test-count", permission=""):
    return jobs.job_request(kind=kind, label=f"Count to {n}", parameters={"n": n}, by=user,
                            permission=permission)


def test_a_request_is_queued_and_sent_to_a_worker_after_commit(
    quality_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = _request(quality_user)
    assert job.status == Job.Status.QUEUED and job.progress == 0
    assert len(callbacks) == 1


def test_the_same_request_while_it_runs_gives_the_same_job(quality_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = _request(quality_user)
        again = _request(quality_user)
        other = _request(quality_user, n=11)
    assert again.pk == first.pk and other.pk != first.pk
    assert len(callbacks) == 2
    assert Job.objects.count() == 2


def test_unknown_kind_and_missing_permission_are_refused(employee_user):
    with pytest.raises(ValidationError):
        _request(employee_user, kind="no-such-kind")
    with pytest.raises(PermissionDenied):
        _request(employee_user, permission="objectives.view_measurement")
    assert not Job.objects.exists()


def test_running_a_job_stores_its_file_and_reports_done(quality_user):
    job = _request(quality_user, n=5)
    assert run_job.apply(args=(job.pk,)).get(timeout=10) == "done"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100 and job.finished_at
    assert job.result_name == "count-5.txt" and job.result_type == "text/plain"
    with job.result.open("rb") as stored:
        assert stored.read() == b"1\n2\n3\n4\n5\n"
    assert job.attempts == 1


def test_progress_is_written_while_the_job_runs(quality_user, monkeypatch):
    seen = []
    original = jobs._progress_reporter

    def spying(job):
        report = original(job)

        def spy(percent, message=""):
            report(percent, message)
            seen.append(Job.objects.values_list("progress", "message").get(pk=job.pk))

        return spy

    monkeypatch.setattr(jobs, "_progress_reporter", spying)
    job = _request(quality_user, n=4)
    jobs.job_run(job_id=job.pk)
    assert seen == [(25, "1 of 4 lines"), (50, "2 of 4 lines"), (75, "3 of 4 lines"), (99, "4 of 4 lines")]


def test_a_finished_job_delivered_again_is_not_rerun(quality_user):
    job = _request(quality_user, n=3)
    jobs.job_run(job_id=job.pk)
    name = Job.objects.get(pk=job.pk).result.name
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.attempts == 1 and job.result.name == name


def test_a_refusal_is_shown_as_written_and_a_bug_as_a_plain_error(quality_user):
    refused = _request(quality_user, kind="test-refused")
    broken = _request(quality_user, kind="test-broken")
    assert run_job.apply(args=(refused.pk,)).get(timeout=10) == "failed"
    jobs.job_run(job_id=broken.pk)
    refused.refresh_from_db()
    broken.refresh_from_db()
    assert refused.error == "Nothing to export for that period." and not refused.result
    assert broken.status == Job.Status.FAILED
    assert "ValueError" in broken.error and "a bug" not in broken.error
    assert broken.finished_at is not None


def test_a_job_interrupted_too_often_is_given_up(quality_user):
    job = _request(quality_user)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=jobs.MAX_ATTEMPTS)
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "interrupted" in job.error


def test_an_unreachable_broker_fails_the_job_with_a_message(quality_user, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(run_job, "apply_async", unreachable)
    job = _request(quality_user)
    jobs._send(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "could not be reached" in job.error


def test_old_files_expire_and_stuck_jobs_are_closed(quality_user):
    old = finished_job(quality_user)
    fresh = finished_job(quality_user)
    stuck = _request(quality_user)
    later = timezone.now() + datetime.timedelta(days=8)
    Job.objects.filter(pk=fresh.pk).update(finished_at=later - datetime.timedelta(hours=1))
    path = old.result.name
    assert jobs.job_results_expire(now=later) == 1
    old.refresh_from_db()
    stuck.refresh_from_db()
    assert not old.result and "Expired" in old.message
    assert not old.result.storage.exists(path)
    assert Job.objects.get(pk=fresh.pk).result
    assert stuck.status == Job.Status.FAILED


# --- the pages ------------------------------------------------------------------------------------


def test_my_downloads_lists_only_my_jobs_with_their_progress(client, quality_user, top_user):
    mine = _request(quality_user, n=7)
    Job.objects.filter(pk=mine.pk).update(status=Job.Status.RUNNING, progress=42, message="Writing rows")
    ready = finished_job(quality_user)
    theirs = finished_job(top_user)
    client.force_login(quality_user)
    response = client.get(reverse("reports:downloads"))
    page = response.content.decode()
    assert f'data-testid="job-{mine.pk}"' in page and f'data-testid="job-{ready.pk}"' in page
    assert f'data-testid="job-{theirs.pk}"' not in page
    assert "42% · Writing rows" in page
    assert reverse("reports:download", args=[ready.pk]) in page
    assert reverse("reports:download", args=[mine.pk]) not in page
    # A running job keeps the table polling; htmx asks for the table alone.
    assert 'hx-trigger="every 2s"' in page
    partial = client.get(reverse("reports:downloads"), headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="downloads"') and "<html" not in partial


def test_the_table_stops_polling_once_every_job_ended(client, quality_user):
    finished_job(quality_user)
    client.force_login(quality_user)
    page = client.get(reverse("reports:downloads")).content.decode()
    assert "hx-trigger" not in page


def test_an_empty_downloads_page_says_what_will_appear(client, auditor_user):
    client.force_login(auditor_user)
    assert "Nothing here yet" in client.get(reverse("reports:downloads")).content.decode()


def test_the_requester_downloads_the_file(client, quality_user):
    job = finished_job(quality_user, content=b"a,b\n1,2\n", name="objectives.csv")
    client.force_login(quality_user)
    response = client.get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
    assert 'filename="objectives.csv"' in response["Content-Disposition"]


def test_nobody_else_downloads_it_and_a_lost_permission_closes_it(client, quality_user, top_user):
    job = finished_job(quality_user, permission="objectives.view_measurement")
    client.force_login(top_user)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    reader = UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="view_responsibility"))
    own = finished_job(reader, permission="objectives.view_measurement")
    client.force_login(reader)
    assert client.get(reverse("reports:download", args=[own.pk])).status_code == 404


def test_an_unfinished_job_has_no_download(client, quality_user):
    job = _request(quality_user)
    client.force_login(quality_user)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


# --- a real worker --------------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_a_requested_job_to_a_downloadable_file(client):
    user = UserFactory(role="quality")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        job = _request(user, n=2000)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if not job.is_active:
                break
            time.sleep(0.2)
    assert job.status == Job.Status.DONE, job.error
    client.force_login(user)
    body = b"".join(client.get(reverse("reports:download", args=[job.pk])).streaming_content)
    assert body.splitlines()[-1] == b"2000" and len(body.splitlines()) == 2000
