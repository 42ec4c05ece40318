"""The event outbox: low layers record what happened; a higher layer delivers it.

The findings engine, the policy approval and the review sign-off write an `OutboxEvent` row in the
same transaction as the change, so an event exists exactly when its change committed. They never
know who listens: an app above registers a listener (`listen`) that says which kinds it wants (so
nothing is written when nobody listens) and is told, once the transaction commits, that events
are waiting. The scan writes its events set-based, one INSERT ... SELECT per rule, whatever the
number of findings.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from core.models import OutboxEvent

Kind = OutboxEvent.Kind


@dataclass(frozen=True)
class Listener:
    """Which kinds an app wants (asked before writing) and what to call once events committed."""

    wants: Callable[[str], bool]
    notify: Callable[[], None]


LISTENERS: list[Listener] = []


def listen(*, wants: Callable[[str], bool], notify: Callable[[], None]) -> None:
    """Register a listener (from an AppConfig.ready)."""
    LISTENERS.append(Listener(wants, notify))


def wanted(kind: str) -> bool:
    """Whether some listener wants events of this kind now."""
    return any(listener.wants(kind) for listener in LISTENERS)


def _announce() -> None:
    for listener in LISTENERS:
        transaction.on_commit(listener.notify)


def emit(kind: str, subject: models.Model, *, at: datetime.datetime | None = None) -> OutboxEvent | None:
    """Record one event about `subject` in the current transaction (None when nobody listens)."""
    if not wanted(kind):
        return None
    event = OutboxEvent.objects.create(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        occurred_at=at or timezone.now(),
    )
    _announce()
    return event


def emit_from_sql(
    kind: str, model: type[models.Model], ids_sql: str, params: tuple, *, at: datetime.datetime
) -> int:
    """Record one event per id that `ids_sql` selects (ids of `model`), in one statement.

    For set-based writers (the scan): the rows are copied by the database, never loaded.
    """
    if not wanted(kind):
        return 0
    table = connection.ops.quote_name(OutboxEvent._meta.db_table)
    content_type = ContentType.objects.get_for_model(model)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (kind, subject_type_id, subject_id, occurred_at)
                SELECT %s, %s, ids.id, %s FROM ({ids_sql}) ids""",
            (kind, content_type.pk, at, *params),
        )
        written = cursor.rowcount
    if written:
        _announce()
    return written
