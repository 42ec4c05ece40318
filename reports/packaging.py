"""The audit pack as files: one PDF (WeasyPrint) and a verifiable ZIP that carries that same PDF, the
evidence files, each review's minutes, the registers as CSV and XLSX, the complete change history and
a manifest.

Everything is written section by section to temporary files, never held whole in memory. manifest.csv
lists every file of the ZIP but the PDF with its SHA-256 and the record it belongs to; the SHA-256 of
manifest.csv is printed on the PDF's cover and repeated in manifest.sha256 beside the PDF's own hash,
so an auditor can check that nothing was altered after the pack was made.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator

from django.template.loader import render_to_string
from django.utils.translation import gettext

from core.formulas import csv_writer, inert_cell
from core.iterables import chunked
from core.reporting import REGISTERS, PackTable
from reports import exports
from reports.auditpack import AuditPack

PDF_NAME = "audit-pack.pdf"
EVIDENCE_FOLDER = "evidence/"
REGISTER_FOLDER = "registers/"
MANIFEST_NAME = "manifest.csv"
FINGERPRINT_NAME = "manifest.sha256"
MISSING_NAME = "missing-files.csv"
CHANGED_NAME = "changed-files.csv"
CHUNK = 1024 * 1024
# A table of more cells than this goes into the ZIP as CSV only (which every spreadsheet program
# opens): a workbook is written ten times slower than CSV, and this many cells take a few seconds.
XLSX_MAX_CELLS = 250_000

Progress = Callable[[int, int, str], None]
Writer = Callable[[bytes], object]


def render_pdf(pack: AuditPack) -> bytes:
    """The pack as a PDF with a cover and a table of contents; the template is self-contained."""
    from weasyprint import HTML

    html = render_to_string("reports/audit_pack_pdf.html", {"pack": pack, "for_pdf": True})
    return HTML(string=html).write_pdf()


def file_stem(pack: AuditPack) -> str:
    stem = f"audit-pack-{pack.period.start:%Y%m%d}-{pack.period.end:%Y%m%d}"
    return f"{stem}-as-of-{pack.as_of:%Y%m%d}" if pack.as_of else stem


class PackArchive:
    """A ZIP being written, that records each file's SHA-256 for the manifest."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.manifest: list[tuple[str, str, str]] = []

    def add_bytes(self, path_in_zip: str, data: bytes, record_label: str, *, listed: bool = True) -> str:
        self.archive.writestr(path_in_zip, data)
        digest = hashlib.sha256(data).hexdigest()
        if listed:
            self.manifest.append((path_in_zip, digest, record_label))
        return digest

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

    def add_csv(self, path_in_zip: str, fill: Callable[[Writer], int], record_label: str) -> int:
        """A CSV entry whose bytes `fill` writes through the function it is given; its row count."""
        digest = hashlib.sha256()
        with self.archive.open(path_in_zip, "w", force_zip64=True) as entry:

            def write(data: bytes) -> None:
                digest.update(data)
                entry.write(data)

            count = fill(write)
        self.manifest.append((path_in_zip, digest.hexdigest(), record_label))
        return count

    def add_xlsx(self, path_in_zip: str, title: str, header, rows: Iterable, record_label: str) -> None:
        """A write-only workbook written to a temporary file, then copied into the ZIP."""
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "sheet.xlsx")
            exports.write_sheet(title, header, rows, path)
            digest = hashlib.sha256()
            with open(path, "rb") as source, self.archive.open(path_in_zip, "w", force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
        self.manifest.append((path_in_zip, digest.hexdigest(), record_label))

    def manifest_bytes(self) -> bytes:
        return _csv_bytes([("file", "sha256", "record"), *self.manifest])


def _csv_bytes(rows) -> bytes:
    text = io.StringIO()
    csv_writer(text).writerows([inert_cell(value) for value in row] for row in rows)
    return text.getvalue().encode("utf-8")


def table_content(table: PackTable) -> tuple[list[str], Callable[[], Iterator[list]], Callable]:
    """The header of a pack table, a function giving its rows as cell values a chunk of rows at a time
    (read afresh each time it is called), and one writing it as CSV (the same cells)."""
    if table.register:
        register = REGISTERS[table.register]
        queryset = table.queryset or register.rows
        return (
            exports.headers(register),
            lambda: exports.row_chunks(register, queryset()),
            lambda write: exports.write_csv(register, queryset(), write),
        )
    header = [str(h) for h in table.header]

    def chunks() -> Iterator[list]:
        for chunk in chunked(table.rows(), exports.CHUNK_SIZE):
            yield [[exports.cell(v) for v in row] for row in chunk]

    return header, chunks, lambda write: exports.write_csv_chunks(header, chunks(), write)


def write_bundle(pack: AuditPack, target, progress: Progress | None = None) -> bytes:
    """Write the pack's ZIP to `target` (a path or a binary file) and return its PDF, rendered once.

    Order: evidence files, minutes, registers, history; then the manifest, whose hash goes on the
    cover of the PDF, which is rendered last and joins the ZIP."""
    report = progress or (lambda done, total, message: None)
    files, tables = pack.files, pack.tables
    total, done = len(files) + len(tables) + 2, 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        bundle = PackArchive(archive)
        # The folder exists even when the period has no evidence file, so auditors know where to look.
        archive.writestr(zipfile.ZipInfo(EVIDENCE_FOLDER), b"")
        missing, changed, states = [], [], {}
        for item in files:
            if item.render is not None:
                bundle.add_bytes(item.path_in_zip, item.render(), item.record_label)
            else:
                try:
                    actual = bundle.add_file(item.path_in_zip, item.storage_file, item.record_label)
                except FileNotFoundError:
                    missing.append((item.path_in_zip, item.record_label))
                    states[item.attachment_id] = "missing"
                else:
                    if item.sha256 and actual != item.sha256:
                        changed.append((item.path_in_zip, item.sha256, actual, item.record_label))
                        states[item.attachment_id] = "changed"
            done += 1
            report(done, total, gettext("Files: %(path)s") % {"path": item.path_in_zip})
        if missing:
            # Said, not hidden: the auditor sees which recorded files storage no longer holds.
            bundle.add_bytes(
                MISSING_NAME,
                _csv_bytes([("file", "record"), *missing]),
                gettext("Files missing from storage"),
            )
        if changed:
            header = ("file", "sha256 recorded at upload", "sha256 of the packed bytes", "record")
            bundle.add_bytes(
                CHANGED_NAME, _csv_bytes([header, *changed]), gettext("Files changed since upload")
            )
        for table in tables:
            header, chunks, write_csv = table_content(table)
            count = bundle.add_csv(f"{REGISTER_FOLDER}{table.name}.csv", write_csv, table.label)
            if table.xlsx and count * len(header) <= XLSX_MAX_CELLS:
                path = f"{REGISTER_FOLDER}{table.name}.xlsx"
                rows = itertools.chain.from_iterable(chunks())
                bundle.add_xlsx(path, table.label, header, rows, table.label)
            done += 1
            report(done, total, gettext("Registers: %(label)s") % {"label": table.label})
        manifest = bundle.manifest_bytes()
        pack.manifest_sha256 = hashlib.sha256(manifest).hexdigest()
        pdf = render_pdf(pack)
        done += 1
        report(done, total, gettext("PDF rendered"))
        pdf_hash = bundle.add_bytes(PDF_NAME, pdf, pack.title, listed=False)
        archive.writestr(MANIFEST_NAME, manifest)
        archive.writestr(
            FINGERPRINT_NAME,
            f"{pack.manifest_sha256}  {MANIFEST_NAME}\n{pdf_hash}  {PDF_NAME}\n".encode(),
        )
        done += 1
        report(done, total, gettext("ZIP complete"))
    states.pop(None, None)
    if states:
        # What packing found is recorded on the attachments, so the check raises its finding.
        from commitments.services.evidence import attachment_integrity_record

        attachment_integrity_record(states=states)
    return pdf
