"""Spreadsheet import: valid files, re-import, bad rows, XLSX, huge values, nothing partially saved."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from objectives import imports
from objectives.models import Measurement, Objective, ObjectiveCommitment
from tests.objectives.factories import ObjectiveOf2026Factory, ProcessFactory, policy_with_keys

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

HEADER = (
    "REF,Title,commitment_keys,process,owner,baseline,target,unit,direction,start,due,customer_related,status"
)


@pytest.fixture
def setup(quality_user):
    policy_with_keys("customer-satisfaction", "on-time-delivery")
    ProcessFactory(name="Machining and assembly")
    return quality_user


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


GOOD = _csv(
    HEADER,
    "OBJ-1,On-time delivery,on-time-delivery,Machining and assembly,quality-user,88,95,%,increase,"
    "2026-01-01,2026-12-31,yes,proposed",
    "OBJ-2,Fewer complaints,customer-satisfaction;on-time-delivery,,,20,10,complaints,decrease,"
    "2026-01-01,2026-12-31,no,draft",
)


def _import(content: bytes, kind="objectives", filename="objectives.csv", by=None):
    return imports.import_file(kind=kind, content=content, filename=filename, by=by)


def test_valid_file_creates_objectives_with_their_commitments(setup):
    plan = _import(GOOD, by=setup)
    assert plan.ok, plan.errors
    first = Objective.objects.get(ref="OBJ-1")
    assert first.process.name == "Machining and assembly"
    assert first.owner == setup and first.customer_related and first.target == Decimal("95")
    assert set(ObjectiveCommitment.objects.filter(objective__ref="OBJ-2").values_list("key", flat=True)) == {
        "customer-satisfaction",
        "on-time-delivery",
    }
    assert first.history.first().history_change_reason == "Imported from objectives.csv"


def test_reimporting_the_same_file_changes_nothing(setup, fingerprint):
    _import(GOOD, by=setup)
    before = fingerprint()
    plan = _import(GOOD, by=setup)
    assert plan.ok and plan.unchanged == 2 and not plan.creates and not plan.updates
    assert fingerprint() == before


def test_a_changed_row_updates_the_objective_and_its_links(setup):
    _import(GOOD, by=setup)
    changed = GOOD.replace(b"customer-satisfaction;on-time-delivery", b"customer-satisfaction").replace(
        b",20,10,", b",20,12,"
    )
    plan = _import(changed, by=setup)
    assert len(plan.updates) == 1 and plan.unchanged == 1
    second = Objective.objects.get(ref="OBJ-2")
    assert second.target == Decimal("12")
    assert list(second.commitments.values_list("key", flat=True)) == ["customer-satisfaction"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",No ref,,,,1,2,%,increase,2026-01-01,2026-12-31,no,draft", "ref is empty"),
        (
            "OBJ-9,Bad number,,,,abc,2,%,increase,2026-01-01,2026-12-31,no,draft",
            "baseline 'abc' is not a number",
        ),
        ("OBJ-9,Bad date,,,,1,2,%,increase,01/02/2026,2026-12-31,no,draft", "not a date"),
        ("OBJ-9,Huge,,,,1,1e30,%,increase,2026-01-01,2026-12-31,no,draft", "too large"),
        ("OBJ-9,Unknown owner,,,nobody,1,2,%,increase,2026-01-01,2026-12-31,no,draft", "no user"),
        ("OBJ-9,Unknown key,lean-waste,,,1,2,%,increase,2026-01-01,2026-12-31,no,draft", "lean-waste"),
        ("OBJ-9,Unknown process,,Painting,,1,2,%,increase,2026-01-01,2026-12-31,no,draft", "no process"),
        ("OBJ-9,Bad direction,,,,1,2,%,sideways,2026-01-01,2026-12-31,no,draft", "direction"),
        ("OBJ-9,Due first,,,,1,2,%,increase,2026-06-01,2026-01-01,no,draft", "due date"),
        ("OBJ-9,Bad flag,,,,1,2,%,increase,2026-01-01,2026-12-31,maybe,draft", "yes or no"),
        ("OBJ-9,Bad status,,,,1,2,%,increase,2026-01-01,2026-12-31,no,finished", "status"),
        ("OBJ-1,Duplicate ref,,,,1,2,%,increase,2026-01-01,2026-12-31,no,draft", "already appears on line 2"),
    ],
)
def test_a_bad_row_imports_nothing_and_is_reported_with_its_line(setup, row, reason):
    plan = _import(GOOD + _csv(row), by=setup)
    assert not plan.ok
    assert [e.line for e in plan.errors] == [4]
    assert reason in plan.errors[0].message
    assert not Objective.objects.exists()


def test_every_bad_row_is_reported(setup):
    bad = _csv(HEADER, "OBJ-1,,,,,x,2,%,increase,2026-01-01,2026-12-31,no,draft", ",t", "OBJ-3,ok")
    plan = _import(bad, by=setup)
    assert [e.line for e in plan.errors] == [2, 3]
    assert "baseline 'x' is not a number" in plan.errors[0].message and "title" in plan.errors[0].message


def test_a_status_the_importer_may_not_set_is_a_bad_row(setup):
    plan = _import(_csv("ref,title,target,status", "OBJ-1,Done,5,achieved"), by=setup)
    assert "you may not set the status achieved" in plan.errors[0].message


def test_unknown_column_is_reported_and_nothing_imported(setup):
    plan = _import(_csv("ref,title,colour", "OBJ-1,x,red"), by=setup)
    assert "Unknown column(s): colour" in plan.errors[0].message
    assert not Objective.objects.exists()


def test_xlsx_file_imports_objectives_and_measurements(setup):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Title", "Target", "Start", "Status"])
    import datetime

    sheet.append(["OBJ-X", "From Excel", 95.5, datetime.datetime(2026, 1, 1), "proposed"])
    out = io.BytesIO()
    workbook.save(out)
    assert _import(out.getvalue(), filename="objectives.xlsx", by=setup).ok
    assert Objective.objects.get(ref="OBJ-X").target == Decimal("95.5")


MEASUREMENTS = _csv("objective_ref,date,value,comment", "OBJ-A,2026-02-01,82,", "OBJ-A,2026-03-01,84.5,March")


def test_measurements_import_and_reimport_is_idempotent(quality_user, fingerprint):
    objective = ObjectiveOf2026Factory(ref="OBJ-A")
    assert _import(MEASUREMENTS, kind="measurements", filename="m.csv", by=quality_user).ok
    objective.refresh_from_db()
    assert objective.latest_value == Decimal("84.5") and objective.progress != "not_measured"
    before = fingerprint()
    plan = _import(MEASUREMENTS, kind="measurements", filename="m.csv", by=quality_user)
    assert plan.unchanged == 2
    assert fingerprint() == before


def test_a_changed_measurement_is_imported_as_a_correction(quality_user):
    ObjectiveOf2026Factory(ref="OBJ-A")
    _import(MEASUREMENTS, kind="measurements", filename="m.csv", by=quality_user)
    plan = _import(
        MEASUREMENTS.replace(b"84.5", b"85"), kind="measurements", filename="m.csv", by=quality_user
    )
    assert len(plan.updates) == 1
    march = Measurement.objects.filter(measured_on="2026-03-01")
    assert march.count() == 2
    current = march.get(is_current=True)
    assert current.value == Decimal("85") and current.supersedes.value == Decimal("84.5")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("OBJ-Z,2026-02-01,1,", "no objective with the ref 'OBJ-Z'"),
        ("OBJ-A,2099-01-01,1,", "future"),
        ("OBJ-A,2025-01-01,1,", "cannot be earlier"),
        ("OBJ-A,2026-02-01,lots,", "not a number"),
        ("OBJ-A,2026-02-05,99999999999999999999,", "too large"),
        ("OBJ-A,2026-02-05,,", "value is empty"),
        ("OBJ-A,2026-02-01,83,", "already appears on line 2"),
    ],
)
def test_a_bad_measurement_row_imports_nothing(quality_user, row, reason):
    ObjectiveOf2026Factory(ref="OBJ-A")
    plan = _import(MEASUREMENTS + _csv(row), kind="measurements", filename="m.csv", by=quality_user)
    assert [e.line for e in plan.errors] == [4]
    assert reason in plan.errors[0].message
    assert not Measurement.objects.exists()


def test_import_command_exits_non_zero_with_the_report(setup, tmp_path):
    path = tmp_path / "objectives.csv"
    path.write_bytes(_csv(HEADER, "OBJ-1,,,,,x,2,%,increase,2026-01-01,2026-12-31,no,draft"))
    with pytest.raises(CommandError) as error:
        call_command("import_objectives", str(path), stdout=io.StringIO())
    assert "line 2" in str(error.value)
    assert not Objective.objects.exists()


def test_import_commands_import_valid_files(setup, tmp_path):
    objectives_file, measurements_file = tmp_path / "o.csv", tmp_path / "m.csv"
    objectives_file.write_bytes(
        _csv("ref,title,baseline,target,start,due,status", "OBJ-A,T,80,90,2026-01-01,2026-12-31,active")
    )
    measurements_file.write_bytes(MEASUREMENTS)
    out = io.StringIO()
    call_command("import_objectives", str(objectives_file), stdout=out)
    call_command("import_measurements", str(measurements_file), stdout=out)
    assert "1 to create" in out.getvalue() and "2 to create" in out.getvalue()
    assert Objective.objects.get(ref="OBJ-A").latest_value == Decimal("84.5")


def test_export_round_trips_through_import(setup, fingerprint):
    _import(GOOD, by=setup)
    objectives = Objective.objects.select_related("owner", "process").prefetch_related("commitments")
    for fmt, name in (("csv", "export.csv"), ("xlsx", "export.xlsx")):
        content = imports.write_table(kind="objectives", rows=imports.objective_rows(objectives), fmt=fmt)
        before = fingerprint()
        plan = _import(content, filename=name, by=setup)
        assert plan.ok and plan.unchanged == 2, plan.errors
        assert fingerprint() == before


def test_semicolon_separated_csv_is_read(setup):
    plan = _import(_csv("ref;title;target", "OBJ-S;Semicolons;12.5"), by=setup)
    assert plan.ok and Objective.objects.get(ref="OBJ-S").target == Decimal("12.5")
