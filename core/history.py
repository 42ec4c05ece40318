"""The history tab shared by every detail page (django-simple-history), written for a reader."""

from core.formatting import history_entries


class HistoryMixin:
    """Adds the object's change history, newest first, with who changed what in plain words."""

    history_limit = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Twice the limit: the rows of one act (a save and its many-to-many updates) are merged.
        records = list(
            self.object.history.select_related("history_user").order_by("-history_date", "-history_id")[
                : 2 * self.history_limit + 1
            ]
        )
        entries = history_entries(records)
        context["history_entries"] = entries[: self.history_limit]
        more = len(entries) > self.history_limit or len(records) > 2 * self.history_limit
        context["history_truncated"] = more
        return context


def record_change(instance, *, by, reason: str) -> None:
    """Stamp the next save of `instance` with who made the change and why (its history row says so)."""
    instance._history_user = by
    instance._change_reason = reason


def history_rows_from_sql(model, ids: list[int], *, by, reason: str, history_type: str = "+") -> int:
    """Write the history rows of freshly written records in one INSERT ... SELECT per chunk.

    For bulk writes (imports): the rows are copied by the database, not built as history model
    instances in Python, which was most of an import's time. Same columns simple-history writes.
    """
    from django.db import connection
    from django.utils import timezone

    history = model.history.model
    tracked = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    table, source = (
        connection.ops.quote_name(history._meta.db_table),
        connection.ops.quote_name(model._meta.db_table),
    )
    columns = ", ".join(connection.ops.quote_name(c) for c in tracked)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}, history_date, history_change_reason, history_type, "
                f"history_user_id) SELECT {columns}, %s, %s, %s, %s FROM {source} "
                f"WHERE {connection.ops.quote_name(model._meta.pk.column)} IN ({placeholders})",
                [timezone.now(), reason, history_type, by.pk if by else None, *chunk],
            )
            written += cursor.rowcount
    return written
