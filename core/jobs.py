"""Background jobs: long work done by a Celery worker, with progress, a stored result and a download.

A job kind is a function registered with `@job_kind("name")`. It receives the Job and a
progress callback, writes its file and returns a `JobOutput`. `job_request()` records a queued
job and hands its id to a worker once the transaction commits; `job_run()` (the worker's side)
runs the function, reports progress, keeps the file in private storage and records the outcome.
The requester finds the job under "My downloads" in the report centre. docs/jobs.md explains
how to add a kind.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[..., None]

# A job that died this many times (worker killed, database gone) is not tried again.
MAX_ATTEMPTS = 5
# How often a job writes its progress at most (a percentage step always shows).
PROGRESS_INTERVAL = 0.5


@dataclass
class JobOutput:
    """What a job kind produced: an open binary file and the name and type it is downloaded under."""

    name: str
    file: IO[bytes]
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class JobKind:
    """A registered kind of job."""

    name: str
    function: Callable[[Job, Progress], JobOutput]


JOB_KINDS: dict[str, JobKind] = {}


def job_kind(name: str) -> Callable:
    """Register `function(job, progress) -> JobOutput` as the job kind `name`."""

    def decorate(function: Callable[[Job, Progress], JobOutput]) -> Callable[[Job, Progress], JobOutput]:
        JOB_KINDS[name] = JobKind(name=name, function=function)
        return function

    return decorate


class JobFailed(Exception):
    """A job cannot finish for a reason the requester should read (the message is shown as it is)."""


def temporary_file() -> IO[bytes]:
    """A binary temporary file for a job kind to write its result into (deleted once stored)."""
    return tempfile.TemporaryFile()  # noqa: SIM115 - closed by job_run once stored


# --- requesting -----------------------------------------------------------------------------------


@transaction.atomic
def job_request(*, kind: str, label: str, by, parameters: dict | None = None, permission: str = "") -> Job:
    """Queue a job of `kind` for `by`; the same request still queued or running is handed back instead."""
    if kind not in JOB_KINDS:
        raise ValidationError({"kind": _("Unknown job kind '%(kind)s'.") % {"kind": kind}})
    if permission and not by.has_perm(permission):
        raise PermissionDenied
    parameters = parameters or {}
    for job in Job.objects.select_for_update().filter(
        requested_by=by, kind=kind, status__in=Job.ACTIVE_STATUSES
    ):
        if job.parameters == parameters:
            return job
    job = Job(
        kind=kind,
        label=label[:200],
        parameters=parameters,
        permission=permission,
        requested_by=by,
        # The file is written in the language of the page that asked for it.
        language=translation.get_language() or "",
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int) -> None:
    """Hand the job to a worker; with the broker unreachable the job says so instead of waiting forever."""
    from core.tasks import run_job

    try:
        run_job.apply_async((job_id,), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure ends the same way for the requester
        logger.exception("Could not queue job %s", job_id)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED,
            error=_("The background worker could not be reached. Try again in a few minutes."),
            finished_at=timezone.now(),
        )


# --- running (the worker's side) --------------------------------------------------------------------


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job to its end and record the outcome; a finished job is left as it is (redelivery).

    Not atomic on purpose: progress must be visible to the requester while the job runs. A
    dropped database connection propagates, so that the task retries the whole job.
    """
    job = _start(job_id)
    if job is None or job.status != Job.Status.RUNNING:
        return job
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run_started(job)


def _run_started(job: Job) -> Job:
    output = None
    try:
        kind = JOB_KINDS.get(job.kind)
        if kind is None:
            raise JobFailed(_("This kind of job (%(kind)s) is no longer offered.") % {"kind": job.kind})
        output = kind.function(job, _progress_reporter(job))
        output.file.seek(0)
        job.result.save(output.name, File(output.file, name=output.name), save=False)
        job.result_name, job.result_type = output.name[:200], output.content_type[:100]
        job.status, job.progress, job.message = Job.Status.DONE, 100, _("Ready to download.")
        job.finished_at = timezone.now()
        job.save(
            update_fields=[
                "result",
                "result_name",
                "result_type",
                "status",
                "progress",
                "message",
                "finished_at",
            ]
        )
    except (OperationalError, InterfaceError):
        raise
    except JobFailed as error:
        _fail(job, str(error))
    except Exception as error:  # noqa: BLE001 - recorded on the job; the worker carries on
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            _(
                "The job stopped with an error (%(error)s). The administrators can see the details in "
                "the worker's log."
            )
            % {"error": type(error).__name__},
        )
    finally:
        if output is not None:
            output.file.close()
    return job


@transaction.atomic
def _start(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status in (Job.Status.DONE, Job.Status.FAILED):
        return job
    if job.attempts >= MAX_ATTEMPTS:
        _fail(
            job,
            _("The job was interrupted %(attempts)s times and was not tried again.")
            % {"attempts": job.attempts},
        )
        return job
    job.status, job.attempts, job.progress = Job.Status.RUNNING, job.attempts + 1, 0
    job.message, job.started_at = _("Started."), timezone.now()
    job.save(update_fields=["status", "attempts", "progress", "message", "started_at"])
    return job


def _fail(job: Job, error: str) -> None:
    job.status, job.error, job.finished_at = Job.Status.FAILED, error, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def _progress_reporter(job: Job) -> Progress:
    """A callback `progress(percent, message="")` that writes to the job row at most twice a second."""
    last = {"percent": -1, "at": 0.0}

    def report(percent: float, message: str = "") -> None:
        value = max(0, min(99, int(percent)))
        now = time.monotonic()
        if value == last["percent"] and now - last["at"] < PROGRESS_INTERVAL:
            return
        last.update(percent=value, at=now)
        job.progress, job.message = value, message[:200]
        Job.objects.filter(pk=job.pk).update(progress=value, message=job.message)

    return report


# --- housekeeping -----------------------------------------------------------------------------------


def job_results_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete result files older than QMS_JOB_RESULT_DAYS (the record stays, marked expired) and fail
    jobs stuck for longer than QMS_JOB_STUCK_HOURS; returns how many files were removed."""
    now = now or timezone.now()
    removed = 0
    cutoff = now - datetime.timedelta(days=settings.QMS_JOB_RESULT_DAYS)
    for job in Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff).exclude(result=""):
        job.result.delete(save=False)
        job.message = _("Expired: request the file again.")
        job.save(update_fields=["result", "message"])
        removed += 1
    stuck = now - datetime.timedelta(hours=settings.QMS_JOB_STUCK_HOURS)
    Job.objects.filter(status__in=Job.ACTIVE_STATUSES, created_at__lt=stuck).update(
        status=Job.Status.FAILED, error=_("The job did not finish in time."), finished_at=now
    )
    return removed


# --- reading ----------------------------------------------------------------------------------------


def jobs_of(user) -> QuerySet[Job]:
    """The jobs a person requested, newest first."""
    return Job.objects.filter(requested_by=user).order_by("-created_at", "-pk")


def downloadable_job(user, pk: int) -> Job | None:
    """The requester's finished job with its file, while they still hold the permission it needed."""
    job = Job.objects.filter(pk=pk, requested_by=user, status=Job.Status.DONE).exclude(result="").first()
    if job is None or (job.permission and not user.has_perm(job.permission)):
        return None
    return job
