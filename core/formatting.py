"""How the product writes people, dates, numbers, choices and changes: one module for pages, PDFs
and exports, so that the same value reads the same everywhere.

The template filters in core/templatetags/qms.py are thin wrappers over these functions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy
from simple_history.utils import get_m2m_reverse_field_name

# Dates follow the active language's DATE_FORMAT and DATETIME_FORMAT (qms_leadership/formats/): in
# English the house formats "2 Dec 2026" and "2 Dec 2026, 14:05".
EMPTY = "—"
NOT_SET = gettext_lazy("not set")
TEXT_LIMIT = 80


# --- people ---------------------------------------------------------------------------------
def person(user, empty: str | None = None) -> str:
    """A person's full name, else their username, else the placeholder."""
    if user is None or user == "":
        return gettext("Not assigned") if empty is None else empty
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "") or str(user)


# --- dates ----------------------------------------------------------------------------------
def date_text(value, empty: str = EMPTY) -> str:
    """A date (or the local date of a moment) in the language's format: 2 Dec 2026, 02.12.2026."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATE_FORMAT")


def datetime_text(value, empty: str = EMPTY) -> str:
    """A moment in local time, to the minute, in the language's format: 2 Dec 2026, 14:05."""
    if value is None or value == "":
        return empty
    if not isinstance(value, datetime.datetime):
        return date_text(value, empty)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


# --- numbers --------------------------------------------------------------------------------
def number_text(value, unit: str = "", empty: str = EMPTY) -> str:
    """A number without trailing zeros, with the language's separators and its unit: 14,500 EUR, 95 %."""
    if value is None or value == "":
        return empty
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    text = formats.number_format(number, force_grouping=True)
    if text == "-0":
        text = "0"
    return f"{text} {unit}".strip() if unit else text


# --- product texts kept in the database ------------------------------------------------------
def shipped_text(text) -> str:
    """A text the product shipped into the database (an edition's titles and guidance) in the reader's
    language; a text the organisation corrected has no translation and shows as written."""
    return gettext(text) if text else (text or "")


# --- choices and field values ---------------------------------------------------------------
def choice_label(model_or_field, field_name_or_value, value=None) -> str:
    """The label of a stored choice: choice_label(Objective, "status", "on_track") -> "On track"."""
    if value is None and isinstance(model_or_field, models.Field):
        model_field, value = model_or_field, field_name_or_value
    else:
        model_field = model_or_field._meta.get_field(field_name_or_value)
    return str(dict(model_field.flatchoices).get(value, value if value not in (None, "") else EMPTY))


def _short(text: str) -> str:
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"


def field_value_text(model_field: models.Field, value, names: dict | None = None) -> str:
    """One stored value of a field written for a reader: labels, names, house dates and numbers."""
    if value is None or value == "":
        return NOT_SET
    if model_field.is_relation and model_field.many_to_one or isinstance(model_field, models.OneToOneField):
        return (names or {}).get((model_field.related_model, value)) or gettext(
            "#%(id)s (no longer exists)"
        ) % {"id": value}
    if model_field.choices:
        return choice_label(model_field, value)
    if isinstance(model_field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(model_field, models.DateTimeField):
        return datetime_text(value)
    if isinstance(model_field, models.DateField):
        return date_text(value)
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return number_text(value)
    if isinstance(model_field, models.IntegerField):
        return number_text(value)
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return _short(" ".join(str(value).split()))


def stored_value_text(model_field: models.Field, value, people: dict) -> str:
    """A raw stored value in a streamed extract (no lookup per row): people by name from `people`
    ({pk: name}), other linked records by their type and id, everything else as field_value_text."""
    if model_field.is_relation and value not in (None, ""):
        if model_field.related_model is get_user_model():
            return people.get(value, gettext("user %(id)s") % {"id": value})
        return f"{model_field.related_model._meta.verbose_name} {value}"
    return field_value_text(model_field, value)


# --- readable history -----------------------------------------------------------------------
@dataclass
class Change:
    """One field's change between two history rows, already written for a reader."""

    label: str
    old: str = ""
    new: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def is_relation_set(self) -> bool:
        return bool(self.added or self.removed)

    @property
    def sentence(self) -> str:
        """The change as one sentence: "Owner: not set → Jane Doe" or "Responsibilities: added X"."""
        if self.is_relation_set:
            parts = []
            if self.added:
                parts.append(gettext("added %(names)s") % {"names": ", ".join(self.added)})
            if self.removed:
                parts.append(gettext("removed %(names)s") % {"names": ", ".join(self.removed)})
            return f"{self.label}: {'; '.join(parts)}"
        return f"{self.label}: {self.old} → {self.new}"


def _label(model_field) -> str:
    text = str(getattr(model_field, "verbose_name", model_field.name))
    return text[:1].upper() + text[1:]


def _display_name(obj) -> str:
    if isinstance(obj, get_user_model()):
        return person(obj)
    return _short(str(obj))


def _resolve_names(wanted: dict[type, set]) -> dict[tuple[type, object], str]:
    """The display names of linked records: one query per linked model, deleted ones included
    through their history when they keep one."""
    names: dict[tuple[type, object], str] = {}
    for model, pks in wanted.items():
        pks = {pk for pk in pks if pk is not None}
        if not pks:
            continue
        found = model._base_manager.filter(pk__in=pks)
        if isinstance(model, type) and issubclass(model, get_user_model()):
            found = found.only("pk", "username", "first_name", "last_name")
        for obj in found:
            names[(model, obj.pk)] = _display_name(obj)
        missing = pks - {pk for (m, pk) in names if m is model}
        history = getattr(model, "history", None)
        if missing and history is not None and hasattr(history, "model"):
            for record in history.model.objects.filter(id__in=missing, history_type="-"):
                names.setdefault((model, record.id), f"{_short(str(record.instance))} (deleted)")
    return names


def _m2m_snapshots(
    model: type[models.Model], history_ids: set[int]
) -> dict[str, tuple[models.Field, dict[int, set]]]:
    """For each many-to-many field the model's history tracks, the linked ids per history row."""
    snapshots = {}
    history_model = model.history.model
    for m2m in getattr(history_model, "_history_m2m_fields", []) or []:
        through = next(
            (r.related_model for r in history_model._meta.related_objects if r.name.endswith(f"_{m2m.name}")),
            None,
        )
        if through is None:
            continue
        target = through._meta.get_field(get_m2m_reverse_field_name(m2m))
        per_row: dict[int, set] = defaultdict(set)
        for history_id, target_id in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target.attname
        ):
            per_row[history_id].add(target_id)
        snapshots[m2m.name] = (m2m, per_row)
    return snapshots


def describe_changes(pairs: Sequence[tuple[object, object | None]]) -> dict[int, list[Change]]:
    """For each (newer, older) pair of history rows of one model, what changed, in words.

    Costs one query per tracked many-to-many field and one per linked model, whatever the number
    of rows: linked records are named in bulk, never one by one.
    """
    pairs = [(n, o) for n, o in pairs if o is not None]
    if not pairs:
        return {}
    model = pairs[0][0].instance_type
    fields = [
        f for f in pairs[0][0].tracked_fields if f.editable and not f.many_to_many and f.name not in ("id",)
    ]
    history_ids = {r.history_id for pair in pairs for r in pair}
    snapshots = _m2m_snapshots(model, history_ids)

    raw: dict[int, list[tuple]] = {}
    wanted: dict[type, set] = defaultdict(set)
    for newer, older in pairs:
        found = []
        for f in fields:
            old, new = getattr(older, f.attname), getattr(newer, f.attname)
            if old != new:
                found.append(("field", f, old, new))
                if f.is_relation:
                    wanted[f.related_model].update((old, new))
        for m2m, per_row in snapshots.values():
            before, after = per_row.get(older.history_id, set()), per_row.get(newer.history_id, set())
            if before != after:
                found.append(("m2m", m2m, before - after, after - before))
                wanted[m2m.related_model].update(before ^ after)
        raw[newer.history_id] = found

    names = _resolve_names(wanted)
    described: dict[int, list[Change]] = {}
    for history_id, found in raw.items():
        changes = []
        for kind, f, old, new in found:
            if kind == "m2m":
                changes.append(
                    Change(
                        label=_label(f),
                        added=sorted(names.get((f.related_model, pk), f"#{pk}") for pk in new),
                        removed=sorted(names.get((f.related_model, pk), f"#{pk}") for pk in old),
                    )
                )
            else:
                old_text, new_text = field_value_text(f, old, names), field_value_text(f, new, names)
                changes.append(Change(label=_label(f), old=old_text, new=new_text))
        described[history_id] = changes
    return described


def describe_against_previous(records: Sequence) -> dict[int, list[Change]]:
    """What each history row (of one model, any records) changed against the row before it of the
    same record: two queries find the earlier rows, whatever their number."""
    if not records:
        return {}
    history_model = type(records[0])
    earlier = (
        history_model.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    previous = dict(
        history_model.objects.filter(history_id__in=[r.history_id for r in records])
        .annotate(previous=Subquery(earlier))
        .values_list("history_id", "previous")
    )
    older = history_model.objects.in_bulk([pk for pk in previous.values() if pk])
    return describe_changes([(r, older.get(previous.get(r.history_id))) for r in records])


def consecutive_pairs(records: Iterable) -> list[tuple[object, object | None]]:
    """(newer, older) pairs from the history rows of one record, newest first."""
    records = list(records)
    return list(zip(records, [*records[1:], None], strict=True))


HISTORY_ACTIONS = {"+": gettext_lazy("Created"), "~": gettext_lazy("Changed"), "-": gettext_lazy("Deleted")}
# A save and the many-to-many updates that follow it write several history rows within moments;
# they are one act for the reader.
SAME_ACT = datetime.timedelta(seconds=5)


def history_action(record) -> str:
    """What a history row did, with the reason when one was given: "Changed: corrected the date"."""
    action = str(HISTORY_ACTIONS.get(record.history_type, record.history_type))
    reason = (record.history_change_reason or "").strip()
    # Reasons the product writes itself are stored in English and marked with gettext_noop.
    return f"{action}: {gettext(reason)}" if reason else action


@dataclass
class HistoryEntry:
    """One act in a record's history: when, who, what, and the fields it changed."""

    when: datetime.datetime
    user: object
    action: str
    changes: list[Change]
    history_id: int


def _same_act(newer, older) -> bool:
    return (
        newer.history_type == "~"
        and newer.history_user_id == older.history_user_id
        and (newer.history_change_reason or "") == (older.history_change_reason or "")
        and newer.history_date - older.history_date <= SAME_ACT
    )


def history_entries(records: Sequence) -> list[HistoryEntry]:
    """The history rows of one record (newest first) as acts a person reads: the rows one save
    and its many-to-many updates wrote are merged, and each act says what it changed."""
    groups: list[list] = []
    for record in records:
        if groups and _same_act(groups[-1][-1], record):
            groups[-1].append(record)
        else:
            groups.append([record])
    pairs = []
    for index, group in enumerate(groups):
        before = groups[index + 1][0] if index + 1 < len(groups) else None
        if group[-1].history_type == "+" and len(group) > 1:
            before = group[-1]
        pairs.append((group[0], before))
    changes = describe_changes(pairs)
    return [
        HistoryEntry(
            when=group[-1].history_date,
            user=group[-1].history_user,
            action=history_action(group[-1]),
            changes=changes.get(group[0].history_id, []) if pair[1] is not None else [],
            history_id=group[0].history_id,
        )
        for group, pair in zip(groups, pairs, strict=True)
    ]
