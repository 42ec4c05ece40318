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
