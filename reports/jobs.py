"""The audit pack's background jobs: its PDF and its ZIP, built once per period and data version (the
second of the two is handed the stored files of the first)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from core.jobs import JobOutput, job_kind, temporary_file
from core.reporting import Period
from reports import store

PDF_KIND = "audit-pack-pdf"
ZIP_KIND = "audit-pack-zip"
CHUNK = 1024 * 1024


def parameters(period: Period, as_of: datetime.date | None) -> dict:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "as_of": as_of.isoformat() if as_of else "",
    }


def _pack_of(job, progress) -> tuple[store.StoredPack, str]:
    p = job.parameters
    period = Period(datetime.date.fromisoformat(p["start"]), datetime.date.fromisoformat(p["end"]))
    as_of = datetime.date.fromisoformat(p["as_of"]) if p.get("as_of") else None
    by = get_user_model().objects.filter(pk=job.requested_by_id).first()
    stored = store.get_or_build(
        period,
        as_of,
        by=by,
        progress=lambda done, total, message: progress(95 * done / max(total, 1), message),
    )
    stem = f"audit-pack-{period.start:%Y%m%d}-{period.end:%Y%m%d}" + (
        f"-as-of-{as_of:%Y%m%d}" if as_of else ""
    )
    return stored, stem


def _copy(source) -> object:
    target = temporary_file()
    with source:
        while chunk := source.read(CHUNK):
            target.write(chunk)
    return target


@job_kind(PDF_KIND)
def audit_pack_pdf(job, progress) -> JobOutput:
    """The pack's PDF (the one the ZIP carries)."""
    stored, stem = _pack_of(job, progress)
    return JobOutput(f"{stem}.pdf", _copy(stored.open_pdf()), "application/pdf")


@job_kind(ZIP_KIND)
def audit_pack_zip(job, progress) -> JobOutput:
    """The pack's ZIP: the PDF, evidence files, minutes, registers, history and the manifest."""
    stored, stem = _pack_of(job, progress)
    return JobOutput(f"{stem}.zip", _copy(stored.open_zip()), "application/zip")
