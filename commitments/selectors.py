"""Reads of the commitments app that pages and reports share."""

from django.db.models import QuerySet

from commitments.models import Responsibility


def responsibility_register() -> QuerySet[Responsibility]:
    """The responsibilities of the active edition, with what the register shows preloaded."""
    return Responsibility.objects.of_active_edition().select_related("owner", "edition")
