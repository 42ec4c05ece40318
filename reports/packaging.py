"""The audit pack as files: a PDF (WeasyPrint) and a verifiable ZIP (the PDF, evidence files, manifest).

The ZIP is written to a temporary file, never built in memory; every file it carries is listed
in manifest.csv with its SHA-256 and the record it belongs to, so an auditor can check that
nothing was altered after the pack was made.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile

from django.template.loader import render_to_string

from core.formulas import csv_writer, inert_cell
from reports.auditpack import AuditPack

PDF_NAME = "audit-pack.pdf"
EVIDENCE_FOLDER = "evidence/"
MISSING_NAME = "missing-files.csv"
CHANGED_NAME = "changed-files.csv"
CHUNK = 1024 * 1024


def render_pdf(pack: AuditPack) -> bytes:
    """The pack as a PDF with a table of contents; the template is self-contained (no fetches)."""
    from weasyprint import HTML

    html = render_to_string("reports/audit_pack_pdf.html", {"pack": pack})
    return HTML(string=html).write_pdf()


def file_stem(pack: AuditPack) -> str:
    stem = f"audit-pack-{pack.period.start:%Y%m%d}-{pack.period.end:%Y%m%d}"
    return f"{stem}-as-of-{pack.as_of:%Y%m%d}" if pack.as_of else stem


class PackArchive:
    """A ZIP being written, that records each file's SHA-256 for the manifest."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.manifest: list[tuple[str, str, str]] = []

    def add_bytes(self, path_in_zip: str, data: bytes, record_label: str) -> None:
        self.archive.writestr(path_in_zip, data)
        self.manifest.append((path_in_zip, hashlib.sha256(data).hexdigest(), record_label))

    def add_file(self, path_in_zip: str, storage_file, record_label: str) -> str:
        """Copy a stored file (a FieldFile or any Django File) into the ZIP in chunks; its SHA-256."""
        digest = hashlib.sha256()
        storage_file.open("rb")
        try:
            with self.archive.open(path_in_zip, "w", force_zip64=True) as target:
                for chunk in storage_file.chunks(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
        finally:
            storage_file.close()
        self.manifest.append((path_in_zip, digest.hexdigest(), record_label))
        return digest.hexdigest()

    def write_manifest(self) -> None:
        self.archive.writestr("manifest.csv", _csv_bytes([("file", "sha256", "record"), *self.manifest]))


def _csv_bytes(rows) -> bytes:
    text = io.StringIO()
    csv_writer(text).writerows([inert_cell(value) for value in row] for row in rows)
    return text.getvalue().encode("utf-8")


def write_zip(pack: AuditPack, target) -> None:
    """Write the pack's ZIP to `target` (a path or a binary file)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        bundle = PackArchive(archive)
        bundle.add_bytes(PDF_NAME, render_pdf(pack), pack.title)
        # The folder exists even when the period has no evidence file, so auditors know where to look.
        archive.writestr(zipfile.ZipInfo(EVIDENCE_FOLDER), b"")
        missing, changed, states = [], [], {}
        for item in pack.files:
            try:
                path = EVIDENCE_FOLDER + item.path_in_zip
                actual = bundle.add_file(path, item.storage_file, item.record_label)
            except FileNotFoundError:
                missing.append((EVIDENCE_FOLDER + item.path_in_zip, item.record_label))
                states[item.attachment_id] = "missing"
                continue
            if item.sha256 and actual != item.sha256:
                changed.append((EVIDENCE_FOLDER + item.path_in_zip, item.sha256, actual, item.record_label))
                states[item.attachment_id] = "changed"
        if missing:
            # Said, not hidden: the auditor sees which recorded files storage no longer holds.
            bundle.add_bytes(
                MISSING_NAME, _csv_bytes([("file", "record"), *missing]), "Files missing from storage"
            )
        if changed:
            header = ("file", "sha256 recorded at upload", "sha256 of the packed bytes", "record")
            bundle.add_bytes(CHANGED_NAME, _csv_bytes([header, *changed]), "Files changed since upload")
        bundle.write_manifest()
    states.pop(None, None)
    if states:
        from commitments.services.evidence import attachment_integrity_record

        attachment_integrity_record(states=states)


def zip_tempfile(pack: AuditPack):
    """The pack's ZIP in a temporary file, rewound, for a FileResponse to stream and close."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    write_zip(pack, spool)
    spool.seek(0)
    return spool
