"""Demo data dated in the past: the demo is loaded in one go today, but tells a story of years. Every
history row the demo just wrote is moved to the date of the fact its record is about (an evidence
record's fact date, a measurement's date, a policy's approval...), and each record's "recorded at" to
that day, so that "as of" views and the audit pack show the records on past dates and no demo entry
looks like a late one."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from core.demodata import demo_step
from core.pointintime import has_history

# Lookups that date what a record is about, in order of preference (a record's own date, else its
# parent's: a decision is dated by its review, a file by its evidence).
FACT_DATES = (
    "fact_date",
    "measured_on",
    "communicated_on",
    "approved_on",
    "held_on",
    "decided_on",
    "start_date",
    "planned_date",
    "evidence__fact_date",
    "review__held_on",
    "decision__review__held_on",
    "objective__start_date",
    "version__approved_on",
)
# Records whose date is still empty (a draft, a review not held yet) were written recently.
PENDING_DAYS = 14
# Fields that say when a record was entered; moved with its history.
RECORDED_AT = ("recorded_at", "uploaded_at", "requested_at", "acknowledged_at", "created_at")
# Records with no date of their own: the day the quality system started.
QMS_AGE_DAYS = 4 * 365
# A recent seed run: rows written in the last hour are the demo's.
SEED_WINDOW = datetime.timedelta(hours=1)


# After every app's demo records (reviews are 50), before the checks run on them (90).
@demo_step(order=80)
def date_in_the_past(*, password: str, people: dict) -> None:
    """Move the history rows and recording times of the records the demo just wrote into the past."""
    now = timezone.now()
    since = now - SEED_WINDOW
    default = timezone.localdate() - datetime.timedelta(days=QMS_AGE_DAYS)
    pending = timezone.localdate() - datetime.timedelta(days=PENDING_DAYS)
    for model in _tracked():
        fields = {f.name for f in model._meta.concrete_fields}
        fact = next((lookup for lookup in FACT_DATES if _exists(model, lookup)), None)
        recorded = [name for name in RECORDED_AT if name in fields and name != fact]
        history = model.history.model.objects
        ids = set(history.filter(history_date__gte=since).values_list("id", flat=True))
        if not ids:
            continue
        dates = dict(model._default_manager.filter(pk__in=ids).values_list("pk", fact)) if fact else {}
        for pk in ids:
            day = dates.get(pk) or (pending if fact else default)
            if isinstance(day, datetime.datetime):
                day = timezone.localdate(day)
            if day > timezone.localdate():
                day = timezone.localdate()
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
            # Never in the future, and never inside the seeding window (a second run leaves it alone).
            moment = min(moment, since - SEED_WINDOW)
            rows = history.filter(id=pk, history_date__gte=since).order_by("history_date", "history_id")
            for offset, history_id in enumerate(rows.values_list("history_id", flat=True)):
                history.filter(history_id=history_id).update(
                    history_date=moment + datetime.timedelta(minutes=offset)
                )
            if recorded:
                model._default_manager.filter(pk=pk).update(**{name: moment for name in recorded})
                history.filter(id=pk).update(
                    **{name: moment for name in recorded if _in_history(model, name)}
                )


def _exists(model, lookup: str) -> bool:
    """True when a lookup (a field, or a path through foreign keys) exists on the model."""
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        model = field.related_model or model
    return True


def _in_history(model, name: str) -> bool:
    return any(f.name == name for f in model.history.model._meta.concrete_fields)


def _tracked() -> list:
    labels = ("commitments", "objectives", "reviews")
    return [m for label in labels for m in apps.get_app_config(label).get_models() if has_history(m)]
