"""The history tab shared by every detail page (django-simple-history)."""


class HistoryMixin:
    """Adds the object's change history, newest first, with the acting user preloaded."""

    history_limit = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(
            self.object.history.select_related("history_user").order_by("-history_date")[
                : self.history_limit + 1
            ]
        )
        context["history_records"] = records[: self.history_limit]
        context["history_truncated"] = len(records) > self.history_limit
        context["history_changes"] = _changes(records)
        return context


def _changes(records: list) -> dict[int, list[tuple[str, str, str]]]:
    """For each history row, the fields it changed compared with the row before it."""
    changes: dict[int, list[tuple[str, str, str]]] = {}
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older)
        changes[newer.history_id] = [
            (_label(newer, c.field), _short(c.old), _short(c.new)) for c in delta.changes
        ]
    return changes


def _label(record, field_name: str) -> str:
    try:
        return str(record.instance_type._meta.get_field(field_name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed keeps its raw name
        return field_name


def _short(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def record_change(instance, *, by, reason: str) -> None:
    """Stamp the next save of `instance` with who made the change and why (its history row says so)."""
    instance._history_user = by
    instance._change_reason = reason
