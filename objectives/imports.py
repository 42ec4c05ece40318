"""Spreadsheet import and export of objectives and measurements (CSV and XLSX).

Import happens in two steps, used by the browser (preview, then confirm) and the management
commands alike: `plan_*` reads and checks every row and says what would be created, updated or
left unchanged; `apply_plan` writes a plan that has no bad row, all at once. A file with any bad
row imports nothing. Everything is set-based (a handful of queries per file, bulk writes), so
10,000 objectives with 100,000 measurements go in within a minute.
"""

from __future__ import annotations

import codecs
import copy
import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl import Workbook, load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commitments.models import PolicyCommitment, Process
from core import permissions
from core.formatting import number_text
from core.formulas import csv_writer, inert_cell, restore
from core.history import history_rows_from_sql, insert_with_history, record_change
from objectives import services
from objectives.models import ImportFile, Measurement, Objective, ObjectiveCommitment
from objectives.models.objectives import MAX_VALUE, VALUE_PLACES, measurement_date_problem

BATCH = 1000
QUERY_CHUNK = 5000
MAX_COLUMNS = 50

# Column name -> what it holds, as shown on the import page and in the templates.
OBJECTIVE_COLUMNS = {
    "ref": gettext_lazy(
        "Unique reference of the objective (required); re-importing the same ref updates it."
    ),
    "title": gettext_lazy("Short title (required)."),
    "commitment_keys": gettext_lazy("Stable keys of the policy commitments it supports, separated by ';'."),
    "process": gettext_lazy("Name of a process in the process register."),
    "owner": gettext_lazy("Username of the person responsible."),
    "baseline": gettext_lazy("Value at the start."),
    "target": gettext_lazy("Value to reach."),
    "unit": gettext_lazy("Unit of the values, e.g. % or days."),
    "direction": gettext_lazy("increase, decrease or within."),
    "band_low": gettext_lazy("Lowest acceptable value (direction within)."),
    "band_high": gettext_lazy("Highest acceptable value (direction within)."),
    "method": gettext_lazy("How it is measured."),
    "frequency_days": gettext_lazy("How often it is measured, in days."),
    "start": gettext_lazy("Start date, YYYY-MM-DD."),
    "due": gettext_lazy("Due date, YYYY-MM-DD."),
    "plan": gettext_lazy("What will be done."),
    "evaluation": gettext_lazy("How results are evaluated."),
    "customer_related": gettext_lazy("yes or no: bears on customer satisfaction or product conformity."),
    "status": gettext_lazy("draft, active, achieved, missed or cancelled."),
}
MEASUREMENT_COLUMNS = {
    "objective_ref": gettext_lazy("Reference of an existing objective (required)."),
    "date": gettext_lazy("Date of the measurement, YYYY-MM-DD (required; not in the future)."),
    "value": gettext_lazy("The measured number (required)."),
    "comment": gettext_lazy("Optional remark."),
}
COLUMNS = {"objectives": OBJECTIVE_COLUMNS, "measurements": MEASUREMENT_COLUMNS}
REQUIRED = {"objectives": ("ref", "title"), "measurements": ("objective_ref", "date", "value")}

# Spreadsheet column -> model field, for the plain fields of an objective.
OBJECTIVE_FIELDS = {
    "title": "title",
    "baseline": "baseline",
    "target": "target",
    "unit": "unit",
    "direction": "direction",
    "band_low": "band_low",
    "band_high": "band_high",
    "method": "method",
    "frequency_days": "frequency_days",
    "start": "start_date",
    "due": "due_date",
    "plan": "plan",
    "evaluation": "evaluation",
    "customer_related": "customer_related",
    "status": "status",
    "process": "process_id",
    "owner": "owner_id",
}
DECIMAL_COLUMNS = {"baseline", "target", "band_low", "band_high"}
DATE_COLUMNS = {"start", "due"}
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, missing or unknown columns)."""


@dataclass
class RowError:
    """One bad row: its line number in the file and every reason it was refused."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportPlan:
    """What an import would do; applied only when it has no errors."""

    kind: str
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Preview lines: (line, reference, what happens).
    preview: list[tuple[int, str, str]] = field(default_factory=list)
    # Objectives: links to add / remove; measurements: records being superseded.
    links_to_add: list[tuple[str, str]] = field(default_factory=list)
    links_to_remove: list[int] = field(default_factory=list)
    superseded_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return _("%(errors)s bad row(s): nothing imported.") % {"errors": len(self.errors)}
        return _("%(kind)s: %(creates)s to create, %(updates)s to update, %(unchanged)s unchanged.") % {
            "kind": self.kind.capitalize(),
            "creates": len(self.creates),
            "updates": len(self.updates),
            "unchanged": self.unchanged,
        }


# --- reading files ---------------------------------------------------------------------------


@dataclass
class Table:
    """The parsed rows of a file: header names, and (line number, values) per non-blank row.

    Values are plain text (dates in ISO form), so the table can be staged as JSON and planned
    again at confirmation without reading the file a second time.
    """

    names: list[str]
    rows: list[tuple[int, list[str]]]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        """(line, {column: value}) per row, built one at a time."""
        names = self.names
        for line, values in self.rows:
            yield line, {n: v for n, v in zip(names, values, strict=False) if n}

    def column(self, name: str) -> Iterable[str]:
        if name not in self.names:
            return
        index = self.names.index(name)
        for _line, values in self.rows:
            yield values[index] if index < len(values) else ""

    def as_json(self) -> dict:
        return {"names": self.names, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(list(data["names"]), [(line, values) for line, values in data["rows"]])


def read_table(content, filename: str, kind: str, *, max_rows: int | None = None) -> Table:
    """Parse a CSV or XLSX file (bytes or a binary file) into a Table, refusing it past the caps.

    The file is read as a stream. A CSV is first counted without keeping anything (a file over the
    cap is refused in constant memory), then parsed; an XLSX states its size, checked before reading.
    """
    max_rows = settings.QMS_IMPORT_MAX_ROWS if max_rows is None else max_rows
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    if filename.lower().endswith(".xlsx"):
        raw = _xlsx_rows(stream, max_rows)
    elif filename.lower().endswith(".csv"):
        if stream.seekable():
            _refuse_over_cap(_csv_rows(stream), max_rows)
            stream.seek(0)
        raw = _csv_rows(stream)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    try:
        header = next(raw)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    names = [_cell(h).lower() for h in header]
    unknown = [n for n in names if n and n not in COLUMNS[kind]]
    if unknown:
        raise ImportFileError(
            _("Unknown column(s): %(join)s. See the template for the columns.") % {"join": ", ".join(unknown)}
        )
    missing = [n for n in REQUIRED[kind] if n not in names]
    if missing:
        raise ImportFileError(_("Missing column(s): %(join)s.") % {"join": ", ".join(missing)})
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        raise ImportFileError(_("Column(s) given twice: %(join)s.") % {"join": ", ".join(duplicated)})
    rows = []
    width = len(names)
    # Identical cells share one string (a measurements file repeats each ref, date and value many
    # times): a 100,000-row table takes a third of the memory.
    shared: dict[str, str] = {}
    for line, values in enumerate(raw, start=2):
        cells = [shared.setdefault(cell, cell) for cell in map(_cell, values[:width])]
        if not any(cells):
            continue
        if len(rows) >= max_rows:
            raise _too_many_rows(max_rows)
        rows.append((line, cells))
    return Table(names, rows)


def _too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(max_rows)s rows, the most one import takes. Split it into smaller "
            "files and import them one after the other."
        )
        % {"max_rows": number_text(max_rows)}
    )


def _refuse_over_cap(raw, max_rows: int) -> None:
    """Count the non-blank rows after the header, keeping none; refuse at the first one over the cap."""
    next(raw, None)
    count = 0
    for values in raw:
        if any(str(v).strip() for v in values):
            count += 1
            if count > max_rows:
                raise _too_many_rows(max_rows)


def _cell(value) -> str:
    """A cell as text: numbers exactly as written, spreadsheet dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _csv_rows(stream):
    # A codecs reader decodes as it goes and, unlike TextIOWrapper, never closes the binary file,
    # which the caller still stores after parsing.
    text = codecs.getreader("utf-8-sig")(stream)
    try:
        first_line = text.readline()
        # Spreadsheets saved with a comma as the decimal mark use ';' between columns.
        delimiter = max(",;\t", key=first_line.count)
        yield from csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not UTF-8 text.")) from None
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read (%(exc)s).") % {"exc": exc}) from None


def _xlsx_rows(stream, max_rows: int):
    _check_xlsx_package(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ImportFileError(
            _("The XLSX file cannot be read (%(name)s).") % {"name": exc.__class__.__name__}
        ) from None
    # The sheet states its size; a sheet that claims more than the caps is refused before reading.
    if (sheet.max_row or 0) > max_rows + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
        raise ImportFileError(
            _(
                "The sheet is %(max_row)s rows by %(max_column)s columns; one import takes at most "
                "%(max_rows)s rows and %(max_columns)s columns. Split it into smaller files."
            )
            % {
                "max_row": number_text(sheet.max_row),
                "max_column": number_text(sheet.max_column),
                "max_rows": number_text(max_rows),
                "max_columns": MAX_COLUMNS,
            }
        )
    try:
        yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError(
            _("The XLSX file cannot be read (%(name)s).") % {"name": exc.__class__.__name__}
        ) from None
    finally:
        workbook.close()


def _check_xlsx_package(stream) -> None:
    """Refuse an XLSX whose parts unpack to more than the cap (a decompression bomb)."""
    limit = settings.QMS_IMPORT_MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(stream) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("The XLSX file cannot be read (it is not a valid workbook).")) from None
    finally:
        stream.seek(0)
    if unpacked > limit:
        raise ImportFileError(
            _(
                "The XLSX file unpacks to %(size)s MB, more than the %(limit)s MB one "
                "import takes. Save it as CSV or split it."
            )
            % {
                "size": formats.number_format(unpacked / 1024 / 1024, 0, force_grouping=True),
                "limit": settings.QMS_IMPORT_MAX_UNPACKED_MB,
            }
        )


# --- parsing cells -----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Our exports put an apostrophe before a formula sign (core.formulas); a file sent back
    # arrives as it was exported.
    return restore(str(value).strip())


def parse_decimal(value, column: str) -> Decimal | None:
    """A number cell: blank -> None; refuses words, infinity, huge values and too many decimals."""
    if isinstance(value, bool):
        raise ValueError(f"{column} is not a number")
    text = repr(value) if isinstance(value, float) else _text(value)
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{column} {text!r} is not a number")
    if abs(number) >= MAX_VALUE:
        raise ValueError(f"{column} {text} is too large")
    if number != number.quantize(Decimal(1).scaleb(-VALUE_PLACES), rounding="ROUND_HALF_EVEN"):
        raise ValueError(f"{column} {text} has more than {VALUE_PLACES} decimal places")
    return number.quantize(Decimal(1).scaleb(-VALUE_PLACES))


def parse_date(value, column: str) -> datetime.date | None:
    """An ISO date cell (YYYY-MM-DD), or a real date cell of a spreadsheet."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if text == "":
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a date in the form YYYY-MM-DD") from None


def _parse_bool(value, column: str) -> bool:
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"{column} {text!r} must be yes or no")


def _parse_int(value, column: str) -> int | None:
    text = _text(value)
    if text == "":
        return None
    if not text.isdigit() or int(text) < 1 or int(text) > 3650:
        raise ValueError(f"{column} {text!r} must be a whole number of days between 1 and 3650")
    return int(text)


def _in_chunks(values: list, size: int = QUERY_CHUNK) -> Iterable[list]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


# --- objectives ----------------------------------------------------------------------------------


@dataclass
class _Lookups:
    users: dict[str, int]
    processes: dict[str, int]
    keys: set[str]
    existing: dict[str, Objective]
    links: dict[int, dict[str, int]]


def _objective_lookups(rows: Table) -> _Lookups:
    """Everything the rows refer to, in a few queries whatever the number of rows."""
    User = get_user_model()
    usernames = sorted(set(rows.column("owner")) - {""})
    processes = sorted(set(rows.column("process")) - {""})
    refs = sorted(set(rows.column("ref")) - {""})
    users, names, existing = {}, {}, {}
    for chunk in _in_chunks(usernames):
        users.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
    for chunk in _in_chunks(processes):
        names.update(Process.objects.active().filter(name__in=chunk).values_list("name", "pk"))
    for chunk in _in_chunks(refs):
        existing.update({o.ref: o for o in Objective.objects.filter(ref__in=chunk)})
    links: dict[int, dict[str, int]] = {}
    ids = [o.pk for o in existing.values()]
    for chunk in _in_chunks(ids):
        for pk, objective_id, key in ObjectiveCommitment.objects.filter(objective_id__in=chunk).values_list(
            "pk", "objective_id", "key"
        ):
            links.setdefault(objective_id, {})[key] = pk
    keys = set(PolicyCommitment.objects.values_list("key", flat=True).distinct())
    return _Lookups(users, names, keys, existing, links)


def plan_objectives(rows: Table, *, by=None) -> ImportPlan:
    """Check every objective row and work out what importing them would change."""
    plan = ImportPlan(kind="objectives")
    lookups = _objective_lookups(rows)
    seen: dict[str, int] = {}
    for line, row in rows:
        problems: list[str] = []
        ref = _text(row.get("ref"))
        if not ref:
            problems.append(_("ref is empty"))
        elif ref in seen:
            problems.append(
                _("ref %(ref)s already appears on line %(seen)s") % {"ref": ref, "seen": seen[ref]}
            )
        else:
            seen[ref] = line
        values = {"ref": ref, **_objective_values(row, lookups, problems)}
        keys = _commitment_keys(row, lookups, problems)
        current = lookups.existing.get(ref)
        objective = _objective_for(current, values, problems, by)
        if problems:
            plan.errors.append(RowError(line, "; ".join(problems)))
            continue
        if problem := _plan_objective_row(plan, line, ref, current, objective, keys, lookups):
            plan.errors.append(RowError(line, problem))
    if plan.errors:
        plan.creates, plan.updates, plan.links_to_add, plan.links_to_remove = [], [], [], []
    return plan


def _objective_values(row: dict, lookups: _Lookups, problems: list[str]) -> dict:
    values = {}
    for column, name in OBJECTIVE_FIELDS.items():
        if column not in row:
            continue
        raw = row[column]
        try:
            if column in DECIMAL_COLUMNS:
                values[name] = parse_decimal(raw, column)
            elif column in DATE_COLUMNS:
                values[name] = parse_date(raw, column)
            elif column == "customer_related":
                values[name] = _parse_bool(raw, column)
            elif column == "frequency_days":
                values[name] = _parse_int(raw, column) or 30
            elif column == "owner":
                values[name] = _lookup(lookups.users, raw, "owner", _("no user with the username"))
            elif column == "process":
                values[name] = _lookup(lookups.processes, raw, "process", _("no process named"))
            elif column in ("direction", "status"):
                values[name] = _text(raw).lower() or None
            else:
                values[name] = _text(raw)
        except ValueError as exc:
            problems.append(str(exc))
    for name, default in (("direction", "increase"), ("status", "draft")):
        if name in values and values[name] is None:
            values[name] = default
    if "start_date" in values and values["start_date"] is None:
        values["start_date"] = timezone.localdate()
    return values


def _lookup(mapping: dict[str, int], raw, column: str, unknown: str) -> int | None:
    text = _text(raw)
    if not text:
        return None
    if text not in mapping:
        raise ValueError(f"{unknown} {text!r}")
    return mapping[text]


def _commitment_keys(row: dict, lookups: _Lookups, problems: list[str]) -> set[str] | None:
    if "commitment_keys" not in row:
        return None
    keys = {k.strip() for k in _text(row["commitment_keys"]).split(";") if k.strip()}
    unknown = sorted(keys - lookups.keys)
    if unknown:
        problems.append(_("unknown commitment key(s) %(join)s") % {"join": ", ".join(unknown)})
    return keys


def _objective_for(current: Objective | None, values: dict, problems: list[str], by) -> Objective:
    """The objective as it would be after the row, checked by the model's own field rules."""
    objective = copy.copy(current) if current else Objective()
    for name, value in values.items():
        setattr(objective, name, value)
    status = objective.status
    before = current.status if current else Objective.Status.DRAFT
    if status not in Objective.Status.values:
        problems.append(
            _("status '%(status)s' must be one of %(join)s")
            % {"status": status, "join": ", ".join(Objective.Status.values)}
        )
        return objective
    if current and status != before and not current.can_move_to(status):
        problems.append(
            _("status cannot go from %(before)s to %(status)s") % {"before": before, "status": status}
        )
    moved = status != (current.status if current else Objective.Status.DRAFT)
    if by is not None and moved and not permissions.may_move_objective(by, Objective, status):
        problems.append(_("you may not set the status %(status)s") % {"status": status})
    try:
        objective.clean_fields(exclude=["owner", "process", "archived_by", *services.DERIVED_FIELDS])
        objective.clean()
    except ValidationError as exc:
        problems.extend(_messages(exc))
    problems.extend(objective.rule_problems())
    return objective


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items()]
    return list(exc.messages)


def _plan_objective_row(plan, line, ref, current, objective, keys, lookups) -> str | None:
    """Adds the row's create or update to the plan; returns why it is refused, if it is."""
    if current is None:
        plan.creates.append(objective)
        plan.links_to_add.extend((ref, key) for key in sorted(keys or ()))
        plan.preview.append((line, ref, f"create: {objective.title}"))
        return None
    changed = [
        name
        for name in OBJECTIVE_FIELDS.values()
        if not services.same_value(getattr(current, name), getattr(objective, name))
    ]
    existing_links = lookups.links.get(current.pk, {})
    added = removed = set()
    if keys is not None:
        added, removed = keys - set(existing_links), set(existing_links) - keys
        if added or removed:
            changed.append("commitment_keys")
    if not changed:
        plan.unchanged += 1
        return None
    if current.is_archived:
        return _("objective %(ref)s is archived: restore it before importing changes to it") % {"ref": ref}
    plan.updates.append(objective)
    plan.links_to_add.extend((ref, key) for key in sorted(added))
    plan.links_to_remove.extend(existing_links[key] for key in sorted(removed))
    plan.preview.append((line, ref, "update: " + ", ".join(changed)))


def _apply_objectives(plan: ImportPlan, *, by, reason: str) -> list[int]:
    created = Objective.objects.bulk_create(plan.creates, batch_size=BATCH)
    history_rows_from_sql(Objective, [o.pk for o in created], by=by, reason=reason)
    if plan.updates:
        bulk_update_with_history(
            plan.updates,
            Objective,
            fields=[name for name in OBJECTIVE_FIELDS.values()],
            batch_size=BATCH,
            default_user=by,
            default_change_reason=reason,
        )
    ids = {o.ref: o.pk for o in [*created, *plan.updates]}
    if plan.links_to_remove:
        removed = list(ObjectiveCommitment.objects.filter(pk__in=plan.links_to_remove))
        _history_of_removal(removed, by=by, reason=reason)
        ObjectiveCommitment.objects.filter(pk__in=plan.links_to_remove).delete()
    links = [ObjectiveCommitment(objective_id=ids[ref], key=key) for ref, key in plan.links_to_add]
    bulk_create_with_history(
        links, ObjectiveCommitment, batch_size=BATCH, default_user=by, default_change_reason=reason
    )
    return list(ids.values())


def _history_of_removal(links: list[ObjectiveCommitment], *, by, reason: str) -> None:
    history = ObjectiveCommitment.history.model
    now = timezone.now()
    history.objects.bulk_create(
        [
            history(
                id=link.pk,
                objective_id=link.objective_id,
                key=link.key,
                history_date=now,
                history_user=by,
                history_type="-",
                history_change_reason=reason,
            )
            for link in links
        ]
    )


# --- measurements --------------------------------------------------------------------------------


def plan_measurements(rows: Table, *, by=None) -> ImportPlan:
    """Check every measurement row and work out what importing them would change."""
    plan = ImportPlan(kind="measurements")
    refs = sorted(set(rows.column("objective_ref")) - {""})
    objectives: dict[str, tuple[int, datetime.date, bool]] = {}
    for chunk in _in_chunks(refs):
        objectives.update(
            (ref, (pk, start, archived_at is not None))
            for ref, pk, start, archived_at in Objective.objects.filter(ref__in=chunk).values_list(
                "ref", "pk", "start_date", "archived_at"
            )
        )
    current: dict[int, tuple[int, Decimal, str]] = {}
    for chunk in _in_chunks([target[0] for target in objectives.values()]):
        for pk, objective_id, measured_on, value, comment in (
            Measurement.objects.current()
            .filter(objective_id__in=chunk)
            .values_list("pk", "objective_id", "measured_on", "value", "comment")
        ):
            current[_day_key(objective_id, measured_on)] = (pk, value, comment)
    today = timezone.localdate()
    seen: dict[int, int] = {}
    for line, row in rows:
        problems: list[str] = []
        ref = _text(row.get("objective_ref"))
        target = objectives.get(ref)
        if not ref:
            problems.append(_("objective_ref is empty"))
        elif target is None:
            problems.append(_("no objective with the ref '%(ref)s'") % {"ref": ref})
        measured_on = _required(parse_date, row, "date", problems)
        value = _required(parse_decimal, row, "value", problems)
        if target and measured_on:
            if problem := measurement_date_problem(measured_on, target[1], today):
                problems.append(problem)
            key = _day_key(target[0], measured_on)
            if key in seen:
                problems.append(
                    _("%(ref)s on %(measured_on)s already appears on line %(seen)s")
                    % {"ref": ref, "measured_on": measured_on, "seen": seen[key]}
                )
            seen.setdefault(key, line)
        if problems:
            plan.errors.append(RowError(line, "; ".join(problems)))
            continue
        comment = _text(row.get("comment"))
        existing = current.get(_day_key(target[0], measured_on))
        if existing and existing[1] == value and existing[2] == comment:
            plan.unchanged += 1
            continue
        if target[2]:
            problem = _("objective %(ref)s is archived: restore it to record measurements") % {"ref": ref}
            plan.errors.append(RowError(line, problem))
            continue
        # A light row, not a model instance: 100,000 of them stay small until written in batches.
        record = MeasurementRow(target[0], measured_on, value, comment, existing[0] if existing else None)
        if existing:
            plan.updates.append(record)
            plan.superseded_ids.append(existing[0])
            plan.preview.append(
                (line, ref, f"correct {measured_on}: {existing[1].normalize()} -> {value.normalize()}")
            )
        else:
            plan.creates.append(record)
            if len(plan.preview) < 1000:
                plan.preview.append((line, ref, f"add {measured_on}: {value.normalize()}"))
    if plan.errors:
        plan.creates, plan.updates, plan.superseded_ids = [], [], []
    return plan


def _day_key(objective_id: int, day: datetime.date) -> int:
    """One int for an objective and a day (a plain int keeps 100,000 keys small in memory)."""
    return objective_id << 20 | day.toordinal()


def _required(parse, row: dict, column: str, problems: list[str]):
    """Parse a cell that must not be empty; a problem is noted, never raised."""
    try:
        value = parse(row.get(column), column)
    except ValueError as exc:
        problems.append(str(exc))
        return None
    if value is None:
        problems.append(_("%(column)s is empty") % {"column": column})
    return value


class MeasurementRow(NamedTuple):
    """A measurement an import will write (the model instance is built only in its write batch)."""

    objective_id: int
    measured_on: datetime.date
    value: Decimal
    comment: str
    supersedes_id: int | None


def _apply_measurements(plan: ImportPlan, *, by, reason: str) -> list[int]:
    for chunk in _in_chunks(plan.superseded_ids):
        old = list(Measurement.objects.filter(pk__in=chunk))
        for record in old:
            record.is_current = False
        bulk_update_with_history(
            old,
            Measurement,
            fields=["is_current"],
            batch_size=BATCH,
            default_user=by,
            default_change_reason=f"Superseded by a correction ({reason})",
        )
    now, by_id = timezone.now(), by.pk if by else None
    rows = [*plan.creates, *plan.updates]
    insert_with_history(
        Measurement,
        [*MeasurementRow._fields, "recorded_by_id", "recorded_at", "is_current"],
        ((*row, by_id, now, True) for row in rows),
        by=by,
        reason=reason,
    )
    return sorted({row.objective_id for row in rows})


# --- the entry points ----------------------------------------------------------------------------

PLANNERS = {"objectives": plan_objectives, "measurements": plan_measurements}


def plan_file(*, kind: str, content, filename: str, by=None, max_rows: int | None = None) -> ImportPlan:
    """Read a file and plan its import; a file-level problem is an error on line 1."""
    try:
        rows = read_table(content, filename, kind, max_rows=max_rows)
    except ImportFileError as exc:
        return ImportPlan(kind=kind, errors=[RowError(1, str(exc))])
    return PLANNERS[kind](rows, by=by)


def plan_staged(*, staged: ImportFile, by=None) -> ImportPlan:
    """Plan a staged upload from the rows parsed when it was uploaded (the file is not read again).

    An upload staged before rows were kept has none: its file is read, within the caps, instead.
    """
    if staged.table is None:
        with staged.file.open("rb") as content:
            return plan_file(kind=staged.kind, content=content, filename=staged.filename, by=by)
    return PLANNERS[staged.kind](Table.from_json(staged.table), by=by)


@transaction.atomic
def apply_plan(plan: ImportPlan, *, by, source: str) -> ImportPlan:
    """Write a checked plan in one transaction, then refresh the progress of what it touched."""
    if not plan.ok:
        raise ValidationError(plan.summary())
    reason = f"Imported from {source}"
    if plan.kind == "objectives":
        touched = _apply_objectives(plan, by=by, reason=reason)
    else:
        touched = _apply_measurements(plan, by=by, reason=reason)
    services.refresh_derived(objective_ids=touched)
    return plan


def import_file(*, kind: str, content, filename: str, by=None, max_rows: int | None = None) -> ImportPlan:
    """Plan and, when every row is good, apply an import (management commands, benchmark)."""
    plan = plan_file(kind=kind, content=content, filename=filename, by=by, max_rows=max_rows)
    if plan.ok:
        apply_plan(plan, by=by, source=filename)
    return plan


@transaction.atomic
def import_file_stage(*, kind: str, upload, by) -> ImportFile:
    """Parse an upload once (within the caps) and keep its rows, and the file, until it is confirmed.

    A file that cannot be read, or that exceeds the caps, is refused here with the reason.
    """
    limit = settings.QMS_IMPORT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; one import takes at most %(limit)s MB. Split it into smaller files.")
            % {
                "size": formats.number_format(upload.size / 1024 / 1024, 1, force_grouping=True),
                "limit": settings.QMS_IMPORT_MAX_MB,
            }
        )
    try:
        table = read_table(upload, upload.name, kind)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from None
    upload.seek(0)
    staged = ImportFile(
        kind=kind, filename=upload.name[:255], file=upload, uploaded_by=by, table=table.as_json()
    )
    record_change(staged, by=by, reason=gettext_noop("Uploaded for preview"))
    staged.save()
    return staged


@transaction.atomic
def import_file_apply(*, staged: ImportFile, by) -> ImportPlan:
    """Check the staged rows again (the data may have moved since the preview) and import them, or nothing."""
    if staged.status != ImportFile.Status.PENDING:
        raise ValidationError(_("This file has already been imported or discarded."))
    plan = plan_staged(staged=staged, by=by)
    apply_plan(plan, by=by, source=staged.filename)
    staged.status = ImportFile.Status.APPLIED
    staged.applied_at = timezone.now()
    staged.summary = plan.summary()[:255]
    # The parsed rows served their purpose; the uploaded file stays as the record of what came in.
    staged.table = None
    record_change(staged, by=by, reason=gettext_noop("Imported"))
    staged.save(update_fields=["status", "applied_at", "summary", "table"])
    return plan


# --- export and templates ------------------------------------------------------------------------


def objective_rows(objectives: Iterable[Objective]) -> Iterable[list]:
    """Objectives as spreadsheet rows, in the import's columns (prefetch commitments, owner, process)."""
    for o in objectives:
        yield [
            o.ref,
            o.title,
            ";".join(sorted(c.key for c in o.commitments.all())),
            o.process.name if o.process else "",
            o.owner.username if o.owner else "",
            o.baseline,
            o.target,
            o.unit,
            o.direction,
            o.band_low,
            o.band_high,
            o.method,
            o.frequency_days,
            o.start_date,
            o.due_date,
            o.plan,
            o.evaluation,
            "yes" if o.customer_related else "no",
            o.status,
        ]


def measurement_rows(measurements: Iterable[Measurement]) -> Iterable[list]:
    """Current measurements as spreadsheet rows (select the objective)."""
    for m in measurements:
        yield [m.objective.ref, m.measured_on, m.value, m.comment]


def write_table(*, kind: str, rows: Iterable[list], fmt: str) -> bytes:
    """The header of `kind` and the rows, as CSV (UTF-8) or XLSX bytes, formulas made inert."""
    header = list(COLUMNS[kind])
    rows = ([inert_cell(v) for v in row] for row in rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        return out.getvalue().encode("utf-8")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    sheet.append(header)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _plain(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
