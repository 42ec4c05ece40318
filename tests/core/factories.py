"""Background jobs as the tests need them: test-only job kinds and a finished job with its file."""

import io

from django.core.files.base import ContentFile
from django.utils import timezone

from core.jobs import JobFailed, JobOutput, job_kind, temporary_file
from core.models import Job


@job_kind("test-count")
def count_lines(job: Job, progress) -> JobOutput:
    """Writes the numbers 1..n, one a line, reporting progress as it goes."""
    n = job.parameters.get("n", 10)
    target = temporary_file()
    for i in range(1, n + 1):
        target.write(f"{i}\n".encode())
        progress(100 * i / n, f"{i} of {n} lines")
    return JobOutput(f"count-{n}.txt", target, "text/plain")


@job_kind("test-refused")
def refused(job: Job, progress) -> JobOutput:
    raise JobFailed("Nothing to export for that period.")


@job_kind("test-broken")
def broken(job: Job, progress) -> JobOutput:
    progress(40, "Halfway there")
    raise ValueError("a bug")


def finished_job(user, *, content: bytes = b"ready\n", permission: str = "", name: str = "file.txt") -> Job:
    """A job of `user` that has finished, with its file in storage."""
    job = Job(
        kind="test-count",
        label="Test file",
        requested_by=user,
        permission=permission,
        status=Job.Status.DONE,
        progress=100,
        result_name=name,
        result_type="text/plain",
        finished_at=timezone.now(),
    )
    job.result.save(name, ContentFile(io.BytesIO(content).read()), save=False)
    job.save()
    return job


@job_kind("test-language")
def dated(job: Job, progress) -> JobOutput:
    """Writes a date as the worker formats it: the language the job was asked in shows."""
    import datetime

    from core.formatting import date_text

    target = temporary_file()
    target.write(date_text(datetime.date(2026, 12, 2)).encode())
    return JobOutput("date.txt", target, "text/plain")
