"""Imports are bounded: rows, bytes and XLSX size capped with a message, memory bounded while
parsing, rows parsed once at upload, archived objectives refused row by row."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.archiving import archive
from objectives import imports
from objectives.models import ImportFile, Measurement, Objective
from tests.objectives.factories import ObjectiveFactory, policy_with_keys

pytestmark = pytest.mark.django_db


class RowsForever(io.RawIOBase):
    """A CSV of `rows` measurement lines generated on the fly: the test never holds the file."""

    BLOCK = 1000  # lines generated at a time

    def __init__(self, rows: int):
        self.rows = rows
        self.seek(0)

    def seek(self, offset: int, whence: int = 0) -> int:
        assert (offset, whence) == (0, 0)
        self.sent, self.buffer = 0, bytearray(b"objective_ref,date,value\n")
        return 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while len(self.buffer) < len(target) and self.sent < self.rows:
            block = range(self.sent, min(self.sent + self.BLOCK, self.rows))
            self.buffer += b"".join(b"OBJ-%d,2026-01-01,1.5\n" % n for n in block)
            self.sent += len(block)
        n = min(len(target), len(self.buffer))
        target[:n] = self.buffer[:n]
        del self.buffer[:n]
        return n


def test_a_million_row_file_is_refused_with_a_message_in_bounded_memory(settings):
    settings.QMS_IMPORT_MAX_ROWS = 10_000
    tracemalloc.start()
    try:
        stream = io.BufferedReader(RowsForever(1_000_000))
        plan = imports.plan_file(kind="measurements", content=stream, filename="m.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not plan.ok
    assert "more than 10,000 rows" in plan.errors[0].message
    # Parsing stopped at the cap: the peak is that of 10,000 rows, far below a million rows' worth.
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"


class RewindableRowsForever(RowsForever):
    """The same stream, rewindable like a file on disk."""

    def seekable(self) -> bool:
        return True


def test_a_million_row_file_on_disk_is_refused_before_any_row_is_kept():
    tracemalloc.start()
    try:
        stream = io.BufferedReader(RewindableRowsForever(1_000_000))
        plan = imports.plan_file(kind="measurements", content=stream, filename="m.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 200,000 rows" in plan.errors[0].message
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"


def test_an_upload_over_the_byte_cap_is_refused_on_the_upload_form(client, quality_user, settings):
    settings.QMS_IMPORT_MAX_MB = 1
    client.force_login(quality_user)
    content = b"objective_ref,date,value\n" + b"OBJ-1,2026-01-01,1\n" * 60_000  # about 1.1 MB
    response = client.post(
        reverse("objectives:import_upload"),
        {"kind": "measurements", "file": SimpleUploadedFile("m.csv", content)},
    )
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert not ImportFile.objects.exists()


def test_a_50_mb_upload_is_refused_with_a_message(client, quality_user):
    client.force_login(quality_user)
    content = b"objective_ref,date,value\n" + b"x" * (50 * 1024 * 1024)
    response = client.post(
        reverse("objectives:import_upload"),
        {"kind": "measurements", "file": SimpleUploadedFile("m.csv", content)},
    )
    # The body limit answers before the upload is read; the import's own cap is lower still.
    assert response.status_code == 413
    assert "larger than the 25 MB this page accepts" in response.content.decode()
    assert not ImportFile.objects.exists()


def _xlsx(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("m")
    sheet.append(["objective_ref", "date", "value"])
    for n in range(rows):
        sheet.append([f"OBJ-{n}", "2026-01-01", 1])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_sheet_larger_than_the_row_cap_is_refused_before_reading(settings):
    settings.QMS_IMPORT_MAX_ROWS = 100
    plan = imports.plan_file(kind="measurements", content=_xlsx(150), filename="m.xlsx")
    assert not plan.ok
    assert "at most 100 rows" in plan.errors[0].message or "more than 100 rows" in plan.errors[0].message


def test_an_xlsx_that_unpacks_beyond_the_cap_is_refused(settings):
    settings.QMS_IMPORT_MAX_UNPACKED_MB = 1
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    plan = imports.plan_file(kind="measurements", content=out.getvalue(), filename="bomb.xlsx")
    assert not plan.ok
    assert "unpacks to 3 MB, more than the 1 MB" in plan.errors[0].message


def test_the_upload_is_parsed_once_preview_and_confirm_use_the_staged_rows(client, quality_user):
    policy_with_keys("customer-satisfaction")
    client.force_login(quality_user)
    content = b"ref,title,target\nCS-1,Happier customers,8\n"
    client.post(
        reverse("objectives:import_upload"),
        {"kind": "objectives", "file": SimpleUploadedFile("o.csv", content)},
    )
    staged = ImportFile.objects.get()
    # The stored file is gone: preview and confirmation work from the rows parsed at upload.
    staged.file.storage.delete(staged.file.name)
    preview = client.get(reverse("objectives:import_preview", args=[staged.pk])).content.decode()
    assert "create: Happier customers" in preview
    client.post(reverse("objectives:import_confirm", args=[staged.pk]))
    assert Objective.objects.filter(ref="CS-1").exists()
    staged.refresh_from_db()
    assert staged.status == ImportFile.Status.APPLIED and staged.table is None


def test_an_archived_objective_is_refused_by_the_import_row_by_row(quality_user):
    kept = ObjectiveFactory(ref="KEEP-1", title="Kept")
    gone = ObjectiveFactory(ref="GONE-1", title="Gone")
    archive(obj=gone, reason="Replaced by KEEP-1", by=quality_user)
    content = b"ref,title\nKEEP-1,Kept and renamed\nGONE-1,Back from the archive\n"
    plan = imports.import_file(kind="objectives", content=content, filename="o.csv", by=quality_user)
    assert [str(error) for error in plan.errors] == [
        "line 3: objective GONE-1 is archived: restore it before importing changes to it"
    ]
    assert Objective.objects.get(pk=gone.pk).title == "Gone"
    assert Objective.objects.get(pk=kept.pk).title == "Kept"
    measurement = b"objective_ref,date,value\nGONE-1,%s,5\n" % gone.start_date.isoformat().encode()
    plan = imports.import_file(kind="measurements", content=measurement, filename="m.csv", by=quality_user)
    assert [str(error) for error in plan.errors] == [
        "line 2: objective GONE-1 is archived: restore it to record measurements"
    ]
    assert not Measurement.objects.filter(objective=gone).exists()


def test_an_unchanged_archived_objective_in_a_reimport_is_not_an_error(quality_user):
    gone = ObjectiveFactory(ref="GONE-1", title="Gone")
    archive(obj=gone, reason="Replaced", by=quality_user)
    plan = imports.plan_file(kind="objectives", content=b"ref,title\nGONE-1,Gone\n", filename="o.csv")
    assert plan.ok and plan.unchanged == 1


def test_imported_records_carry_their_history_row_with_who_and_why(quality_user):
    objective = b"ref,title,start\nH-1,With history,%s\n" % ObjectiveFactory().start_date.isoformat().encode()
    imports.import_file(kind="objectives", content=objective, filename="o.csv", by=quality_user)
    created = Objective.objects.get(ref="H-1")
    [record] = created.history.all()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        quality_user,
        "Imported from o.csv",
    )
    measurement = b"objective_ref,date,value\nH-1,%s,4\n" % created.start_date.isoformat().encode()
    imports.import_file(kind="measurements", content=measurement, filename="m.csv", by=quality_user)
    [row] = Measurement.history.filter(objective_id=created.pk)
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        quality_user,
        "Imported from m.csv",
    )
    assert row.value == Measurement.objects.get(objective=created).value
