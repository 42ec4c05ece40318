"""The history tab shared by every detail page (django-simple-history), written for a reader."""

from collections.abc import Iterable

from django.db.models import Q

from core.formatting import history_entries
from core.iterables import chunked
from core.lists import paginate


class HistoryMixin:
    """Adds the object's change history, newest first, in plain words and in keyset pages
    (`?history_after=`, `?history_before=`, `?history_last=1`)."""

    history_limit = 50
    # Rows read past the page's oldest: the rest of an act that the page edge cuts (a save and its
    # many-to-many updates are one entry) and the row the oldest change is described against.
    history_tail = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = self.object.history.select_related("history_user")
        page = paginate(
            history,
            ("history_date",),
            descending=True,
            params=self.request.GET,
            size=self.history_limit,
            count_limit=1000,
            prefix="history_",
        )
        records = list(page.rows)
        if records:
            oldest = records[-1]
            before = Q(history_date__lt=oldest.history_date)
            before |= Q(history_date=oldest.history_date, pk__lt=oldest.pk)
            records += list(history.filter(before).order_by("-history_date", "-pk")[: self.history_tail])
        on_page = {record.history_id for record in page.rows}
        context["history_entries"] = [e for e in history_entries(records) if e.history_id in on_page]
        context["history_page"] = page
        context["history_truncated"] = not (page.is_first and page.is_last)
        return context


def record_change(instance, *, by, reason: str) -> None:
    """Stamp the next save of `instance` with who made the change and why (its history row says so)."""
    instance._history_user = by
    instance._change_reason = reason


def insert_with_history(model, fields: list[str], rows: Iterable[tuple], *, by, reason: str) -> list[int]:
    """Insert plain rows (one tuple of values per row, in `fields` order, read a chunk at a time)
    and their history rows; the new ids, in order.

    For bulk writes (imports): on PostgreSQL a multi-row INSERT ... RETURNING per chunk, with no
    model instance built and no value passed through the fields one by one, which was most of an
    import's time; elsewhere Django's bulk_create.
    """
    from django.db import connection

    ids: list[int] = []
    chunks = chunked(rows, 1000)
    if connection.vendor != "postgresql":
        for chunk in chunks:
            created = model.objects.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in chunk]
            )
            ids += [record.pk for record in created]
    else:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        with connection.cursor() as cursor:
            for chunk in chunks:
                values = ", ".join([one] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values} "
                    f"RETURNING {quote(model._meta.pk.column)}",
                    [value for row in chunk for value in row],
                )
                ids += [row[0] for row in cursor.fetchall()]
    history_rows_from_sql(model, ids, by=by, reason=reason)
    return ids


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
