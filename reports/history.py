"""The change history of a period for the audit pack, read from the history tables in SQL: a summary per
record type and per person, the newest changes, and the complete extract (streamed, with readable
values) for the ZIP."""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterator

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, Q, Value
from django.utils.translation import gettext_lazy

from core import formatting
from core.pointintime import has_history
from core.reporting import Period
from qms_leadership.roles import DOMAIN_APPS

ACTIONS = formatting.HISTORY_ACTIONS
EXTRACT_HEADER = (
    gettext_lazy("When"),
    gettext_lazy("Register"),
    gettext_lazy("Record id"),
    gettext_lazy("Record"),
    gettext_lazy("Action"),
    gettext_lazy("By"),
    gettext_lazy("Reason"),
    gettext_lazy("What changed"),
)
CHUNK = 2000


@functools.cache
def tracked_models() -> tuple:
    """Every model of the domain apps that keeps a change history (fixed once the apps are loaded)."""
    models = (m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models())
    return tuple(m for m in models if has_history(m))


def _bounds(period: Period, as_of: datetime.datetime | None) -> tuple[datetime.datetime, datetime.datetime]:
    return period.start_at, min(period.end_at, as_of) if as_of else period.end_at


def _window(period: Period, as_of: datetime.datetime | None) -> Q:
    start, until = _bounds(period, as_of)
    return Q(history_date__gt=start, history_date__lte=until)


def register_name(model) -> str:
    return str(model._meta.verbose_name).capitalize()


def _names(ids) -> dict:
    users = get_user_model().objects.filter(pk__in=[i for i in ids if i is not None])
    return {u.pk: formatting.person(u) for u in users}


def summary(
    period: Period, as_of: datetime.datetime | None, newest: int, kinds: tuple[str, ...] = ("+", "~", "-")
) -> dict:
    """Changes per record type and per person (one grouped query over every history table), and the
    newest changes (read from the tables they are in)."""
    window = _window(period, as_of) & Q(history_type__in=kinds)
    models = tracked_models()
    per_model, per_person = Counter(), Counter()
    tagged = _tagged(models, window)
    for index, user_id, n in _counts(tagged):
        per_model[index] += n
        per_person[user_id] += n
    per_register = [(register_name(m), per_model[i]) for i, m in enumerate(models) if per_model[i]]
    chosen: dict[int, list[int]] = {}
    for index, history_id in _newest(tagged, newest):
        chosen.setdefault(index, []).append(history_id)
    latest = []
    described: dict[tuple[type, int], list] = {}
    for index, ids in chosen.items():
        model = models[index]
        rows = list(model.history.filter(history_id__in=ids).select_related("history_user"))
        latest += [(model, r) for r in rows]
        described.update(
            {(model, pk): changes for pk, changes in formatting.describe_against_previous(rows).items()}
        )
    latest.sort(key=lambda pair: pair[1].history_date, reverse=True)
    names = _names(per_person)
    return {
        "per_register": sorted(per_register, key=lambda item: (-item[1], item[0])),
        "per_person": sorted(
            ((names.get(pk, "System (no person)"), n) for pk, n in per_person.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        "total": sum(n for _, n in per_register),
        "changes": [
            {
                "when": record.history_date,
                "register": register_name(model),
                "record": str(record.instance),
                "action": ACTIONS.get(record.history_type, record.history_type),
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                "changes": described.get((model, record.history_id), []),
            }
            for model, record in latest[:newest]
        ],
    }


def _tagged(models, window: Q) -> list:
    """Each history table's rows in the window, tagged with the model's index (for one UNION ALL)."""
    return [
        model.history.filter(window)
        .order_by()
        .annotate(history_table_index=Value(index, output_field=IntegerField()))
        for index, model in enumerate(models)
    ]


def _counts(tagged: list):
    """(model's index, person, changes) for every history table, in one query."""
    parts = [
        part.values_list("history_table_index", "history_user_id").annotate(n=Count("history_id"))
        for part in tagged
    ]
    return parts[0].union(*parts[1:], all=True)


def _newest(tagged: list, newest: int) -> list[tuple[int, int]]:
    """(model's index, history id) of the `newest` changes over every history table, in one query."""
    parts = [part.values_list("history_table_index", "history_id", "history_date") for part in tagged]
    union = (
        parts[0].union(*parts[1:], all=True).order_by("-history_date", "history_table_index", "-history_id")
    )
    return [(index, history_id) for index, history_id, _ in union[:newest]]


def _fields(model) -> list:
    """The tracked fields whose changes the extract spells out (not the history's own columns)."""
    return [f for f in model.history.model._meta.concrete_fields if f.attname in _tracked_attnames(model)]


def _tracked_attnames(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields} & {
        f.attname for f in model.history.model._meta.concrete_fields
    }


def extract(period: Period, as_of: datetime.datetime | None = None) -> Iterator[tuple]:
    """Every change in the period, register by register in record order, with what changed in words
    ("Owner: (empty) → Jane Smith"). The previous version of each record is the row read just before it
    (history read in (id, date) order, in chunks), so memory stays flat whatever the history's size."""
    window = _window(period, as_of)
    start, until = _bounds(period, as_of)
    people = _names(get_user_model().objects.values_list("pk", flat=True))
    for model in tracked_models():
        fields = _fields(model)
        attnames = [f.attname for f in fields]
        history = model.history.model.objects
        changed_ids = history.filter(window).values("id")
        rows = (
            history.filter(Q(id__in=changed_ids), history_date__lte=until)
            .order_by("id", "history_date", "history_id")
            .values_list(
                "id", "history_date", "history_type", "history_user_id", "history_change_reason", *attnames
            )
        )
        previous = None
        label = register_name(model)
        for row in rows.iterator(chunk_size=CHUNK):
            pk, when, kind, user_id, reason, *values = row
            before = previous[5:] if previous is not None and previous[0] == pk else None
            previous = row
            if when <= start:
                continue
            yield (
                when,
                label,
                pk,
                _record_label(fields, values),
                ACTIONS.get(kind, kind),
                people.get(user_id, ""),
                reason or "",
                _changes(fields, before, values, people) if kind == "~" else "",
            )


def _record_label(fields, values) -> str:
    """The record's title, name or reference when it has one."""
    for name in ("ref", "title", "name", "code", "key", "number"):
        for f, v in zip(fields, values, strict=True):
            if f.name == name and v not in (None, ""):
                return str(v)[:120]
    return ""


def _changes(fields, before, after, people) -> str:
    if before is None:
        return ""
    parts = []
    for f, old, new in zip(fields, before, after, strict=True):
        if old != new and f.name != "id":
            label = str(f.verbose_name).capitalize()
            before = formatting.stored_value_text(f, old, people)
            parts.append(f"{label}: {before} → {formatting.stored_value_text(f, new, people)}")
    return "; ".join(parts)
