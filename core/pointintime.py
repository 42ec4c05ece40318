"""Point-in-time reads built on django-simple-history: what the system said at a past moment.

`source(model, as_of)` gives the live rows (as_of None) or the rows as they stood at `as_of`,
both as querysets of model instances that accept filters and ordering on local fields, so a
selector is written once and serves both. Instances built from history carry no related
objects: `attach()` loads them in one query per relation, as of the same moment when the
related model keeps history too.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME, HistoricalQuerySet


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of a local calendar day: "as of 3 March" includes 3 March's changes."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight) - datetime.timedelta(microseconds=1)


def has_history(model: type[models.Model]) -> bool:
    """True for a model tracked by django-simple-history (not for the historical model itself)."""
    return hasattr(model, "history") and not hasattr(model, "instance_type")


def source(model: type[models.Model], as_of: datetime.datetime | None) -> models.QuerySet:
    """Live rows, or the rows as they stood at `as_of` (deleted ones left out).

    In SQL: for each record, its latest history row at or before `as_of` (NOT EXISTS a later one;
    two rows of the same microsecond are told apart by their history id), dropped when that row
    records a deletion. Filters, ordering, counting and slicing all stay in the database.
    """
    if as_of is None:
        return model._default_manager.all()
    rows = model.history.filter(history_date__lte=as_of)
    pk = model._meta.pk.attname
    later = rows.filter(**{pk: OuterRef(pk)}).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    queryset = rows.filter(~Exists(later)).as_instances()
    queryset._as_of = as_of
    queryset.__class__ = _PastRows
    return queryset


class _PastRows(HistoricalQuerySet):
    """Rows as of a date, built from their history records alone.

    simple-history fills the fields a model keeps out of its history (stored figures such as a
    responsibility's status) from the live row, one query per row; those figures say nothing about
    the past anyway, so they keep their defaults here.
    """

    def _instanceize(self) -> None:
        if self._result_cache and self._as_instances and isinstance(self._result_cache[0], self.model):
            self._result_cache = [_instance_of(record, self._as_of) for record in self._result_cache]


def _instance_of(record, as_of) -> models.Model:
    model = record.instance_type
    instance = model(**{field.attname: getattr(record, field.attname) for field in record.tracked_fields})
    record._as_of = as_of
    setattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, record)
    return instance


def pk_in(model: type[models.Model], ids) -> dict:
    """A filter on primary keys that also holds on history rows, whose own `pk` is the history id."""
    return {f"{model._meta.pk.attname}__in": list(ids)}


def attach(
    instances: Sequence[models.Model], fields: Iterable[str], as_of: datetime.datetime | None
) -> Sequence[models.Model]:
    """Set the related object of each foreign key in `fields` on every instance, one query per field."""
    if not instances:
        return instances
    meta = type(instances[0])._meta
    for name in fields:
        field = meta.get_field(name)
        ids = {getattr(obj, field.attname) for obj in instances} - {None}
        related = field.related_model
        past = as_of if has_history(related) else None
        rows = source(related, past).filter(**pk_in(related, ids)) if ids else []
        by_pk = {row.pk: row for row in rows}
        for obj in instances:
            field.set_cached_value(obj, by_pk.get(getattr(obj, field.attname)))
    return instances


def group_by(instances: Iterable[models.Model], attname: str) -> dict:
    """Instances grouped by the value of one field (a reverse relation rebuilt without queries)."""
    groups: dict = defaultdict(list)
    for obj in instances:
        groups[getattr(obj, attname)].append(obj)
    return groups


def snapshot(
    model: type[models.Model],
    as_of: datetime.datetime | None,
    *conditions: models.Q,
    related: Iterable[str] = (),
    order_by: Sequence[str] = (),
    **filters,
) -> list[models.Model]:
    """The rows of a register at `as_of` (or now), filtered, ordered, with related objects attached."""
    queryset = source(model, as_of).filter(*conditions, **filters)
    if order_by:
        queryset = queryset.order_by(*order_by)
    return list(attach(list(queryset), related, as_of))


class PastRows(Sequence):
    """A register's rows at a moment, read a page at a time: len() is a COUNT and a slice a
    LIMIT/OFFSET in SQL; only the rows of the slice become instances, get their related objects
    (one query per relation) and go through `finish` (e.g. their many-to-many links as of then)."""

    def __init__(self, queryset: models.QuerySet, related: Iterable[str], as_of, finish=None):
        self.queryset, self.related, self.as_of, self.finish = queryset, tuple(related), as_of, finish

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        rows = list(attach(list(self.queryset[index]), self.related, self.as_of))
        if self.finish is not None and rows:
            self.finish(rows, self.as_of)
        return rows

    def __iter__(self):
        return iter(self[:])


def past_rows(
    model: type[models.Model],
    as_of: datetime.datetime | None,
    *conditions: models.Q,
    related: Iterable[str] = (),
    order_by: Sequence[str] = (),
    finish=None,
    **filters,
) -> PastRows:
    """Like snapshot(), lazily: for a paginated page of a past register (see PastRows). The order
    ends with the primary key, so pages never overlap."""
    queryset = source(model, as_of).filter(*conditions, **filters)
    pk = model._meta.pk.attname
    return PastRows(queryset.order_by(*order_by, pk), related, as_of, finish)


def prefetched(instances: Iterable[models.Model], name: str, groups: dict, model: type[models.Model]) -> None:
    """Give each instance `groups[pk]` as the prefetched rows of its relation `name`, so that
    `obj.<name>.all()` reads them without a query, exactly as after prefetch_related()."""
    for obj in instances:
        rows = model._default_manager.all()
        rows._result_cache = list(groups.get(obj.pk, []))
        rows._prefetch_done = True
        obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = rows


def m2m_as_of(instances: Sequence[models.Model], name: str, as_of: datetime.datetime) -> None:
    """Rebuild a many-to-many relation tracked by simple-history (m2m_fields) as it stood at
    `as_of`, from the snapshot each history record keeps: two queries whatever the row count."""
    if not instances:
        return
    model = type(instances[0])
    field = model._meta.get_field(name)
    records = {getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME).history_id: obj.pk for obj in instances}
    through = model.history.model._meta.get_field(f"historical{model._meta.model_name}_{name}").related_model
    target = field.related_model
    target_column = f"{target._meta.model_name}_id"
    links = list(
        through.objects.filter(history_id__in=list(records)).values_list("history_id", target_column)
    )
    past = as_of if has_history(target) else None
    related = source(target, past).filter(**pk_in(target, {t for _, t in links}))
    by_pk = {row.pk: row for row in related}
    groups: dict = defaultdict(list)
    for history_id, target_id in links:
        if target_id in by_pk:
            groups[records[history_id]].append(by_pk[target_id])
    prefetched(instances, name, groups, target)
