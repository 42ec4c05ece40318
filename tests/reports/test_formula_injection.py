"""No exported cell can run as a spreadsheet formula, whatever separator the spreadsheet reads with.

Every text field of every record of the demo organisation is overwritten with formula payloads
(after separators, full-width signs), then every export is read back as a spreadsheet in a comma
and a semicolon locale would read it.
"""

import csv
import dataclasses
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from openpyxl import load_workbook

from core import formulas
from core.jobs import job_run
from reports import copycsv, exports, registry
from reports.packaging import _csv_bytes
from reports.registry import Extra

pytestmark = pytest.mark.django_db

# What an attacker types into a comment, a title, a name: each piece starts a formula somewhere.
PAYLOAD = "=1+1;ok;=cmd|' /C calc'!A0;,@SUM(A1)\t+2\n-3 ＝4 ＋5;－6,＠7| =8"
SIGNS = set("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
PIECES = re.compile(r"[,;\t\r\n|]")
APPS = ("core", "commitments", "objectives", "reviews", "findings")


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def formulas_in(text: str) -> list[str]:
    """The pieces of `text` a spreadsheet would run as formulas, split at any separator."""
    found = []
    for piece in PIECES.split(text):
        stripped = piece.strip(' \u00a0\u3000"')
        if stripped and stripped[0] in SIGNS and not _is_number(stripped):
            found.append(stripped)
    return found


def _poison_every_text_field() -> None:
    """Each free-text field of every row of our apps (and people's names) holds the payload."""
    targets = [m for m in apps.get_models() if m._meta.app_label in APPS and not hasattr(m, "instance_type")]
    targets.append(get_user_model())
    for model in targets:
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            # Keys that link the editions' lists are structure, not free text (a new item has none).
            and f.name not in {"password", "username", "sha256", "file", "from_key", "to_key"}
        ]
        if not fields:
            continue
        for pk in model._base_manager.values_list("pk", flat=True):
            values = {}
            for f in fields:
                # Unique per row, so unique fields and unique pairs hold.
                suffix = f" {pk}"
                limit = (f.max_length or 10_000) - len(suffix)
                if limit < 2:
                    continue  # a letter or short code: no room for a payload
                values[f.name] = PAYLOAD[:limit] + suffix
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**values)
            except IntegrityError:
                pass  # a check constraint on the text (e.g. a key that must stay empty) keeps the row


@pytest.fixture
def poisoned_demo():
    call_command("seed_demo", "--force", "--password", "demo-test-pass", stdout=io.StringIO())
    _poison_every_text_field()


def _csv_cells(raw: bytes):
    text = raw.decode("utf-8-sig")
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            yield from row


def _xlsx_cells(raw: bytes):
    sheet = load_workbook(io.BytesIO(raw)).active
    for row in sheet.iter_rows():
        for c in row:
            assert c.data_type != "f", f"formula cell {c.coordinate}: {c.value!r}"
            if isinstance(c.value, str):
                yield c.value


def test_the_payload_is_dangerous_before_neutralising():
    assert len(formulas_in(PAYLOAD)) >= 7
    assert formulas_in(formulas.inert(PAYLOAD)) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_export_holds_a_formula(client, auditor_user, quality_user, poisoned_demo, fmt):
    client.force_login(auditor_user)
    read = _csv_cells if fmt == "csv" else _xlsx_cells
    payload_seen = 0
    for name, register in registry.REGISTERS.items():
        response = client.get(reverse("reports:export", kwargs={"register": name, "fmt": fmt}))
        assert response.status_code == 200, name
        raw = b"".join(response.streaming_content)
        cells = list(read(raw))
        bad = [piece for text in cells for piece in formulas_in(text)]
        assert not bad, f"{register.label} ({fmt}): {bad[:5]}"
        payload_seen += sum("cmd|" in text for text in cells)
    # The payload did reach the files (neutralised), so the check above saw it.
    assert payload_seen > 20


def test_a_background_export_holds_no_formula_either(quality_user, poisoned_demo):
    if connection.vendor == "postgresql":  # (one demo organisation serves both checks)
        _the_database_writes_each_register_byte_for_byte_as_python_does()
    for fmt in ("csv", "xlsx"):
        job = exports.request_job(registry.get("measurements"), fmt, _query(""), quality_user)
        job_run(job_id=job.pk)
        job.refresh_from_db()
        with job.result.open("rb") as stored:
            raw = stored.read()
        cells = list(_csv_cells(raw) if fmt == "csv" else _xlsx_cells(raw))
        assert any("cmd|" in text for text in cells)
        assert not [piece for text in cells for piece in formulas_in(text)]


def test_import_templates_and_the_pack_manifest_hold_no_formula(client, quality_user):
    client.force_login(quality_user)
    for kind in ("objectives", "measurements"):
        raw = client.get(reverse("objectives:template", args=[kind, "csv"])).content
        assert not [p for text in _csv_cells(raw) for p in formulas_in(text)]
    manifest = _csv_bytes([("file", "sha256", "record"), ("evidence/1/a.pdf", "0" * 64, PAYLOAD)])
    cells = list(_csv_cells(manifest))
    assert any("cmd|" in text for text in cells)
    assert not [p for text in cells for p in formulas_in(text)]


def test_a_neutralised_cell_imports_back_as_it_was():
    assert formulas.restore(formulas.inert(PAYLOAD)) == PAYLOAD
    assert formulas.restore("It's fine") == "It's fine"


def _query(text: str):
    from django.http import QueryDict

    return QueryDict(text)


def _loading_extras_per_chunk(register):
    columns = [
        (header, dataclasses.replace(accessor, sql=None) if isinstance(accessor, Extra) else accessor)
        for header, accessor in register.columns
    ]
    return dataclasses.replace(register, columns=columns)


def _the_database_writes_each_register_byte_for_byte_as_python_does():
    """reports.copycsv formats in SQL what reports.exports formats in Python: the same file either way,
    formulas made inert, people by name, labels, local times, numbers without trailing zeros."""
    by_database = set()
    for name, register in registry.REGISTERS.items():
        header = exports.headers(register)
        python, database = io.BytesIO(), io.BytesIO()
        # Python's side loads the Extra columns a chunk at a time, as on a database without their SQL.
        chunks = exports.row_chunks(_loading_extras_per_chunk(register), register.rows())
        rows = exports.write_csv_chunks(header, chunks, python.write)
        copied = copycsv.copy_rows(
            register, register.rows(), database.write, header_line=exports._header_line(header)
        )
        if copied is None:
            continue
        by_database.add(name)
        assert copied == rows, name
        assert database.getvalue().decode() == python.getvalue().decode(), name
    # The long registers are the ones the database writes.
    assert {"objectives", "measurements", "evidence", "findings", "reviews", "review_actions"} <= by_database
