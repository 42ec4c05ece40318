"""Tracked actions: something a person owes by a date, with legal status moves and one set of rules.

Leadership actions (commitments) and review actions (reviews) are both TrackedActions; what differs
is only what they belong to. `move()` is the one transition service both apps call.
"""

from __future__ import annotations

import datetime
from typing import Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.archiving import Archivable, ArchivableQuerySet
from core.history import record_change


class ActionQuerySet(ArchivableQuerySet):
    """Actions with an owner and a due date."""

    def open(self) -> Self:
        return self.filter(status__in=TrackedAction.OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> Self:
        """Open, not archived, and past the due date (due today is not late yet)."""
        return self.active().open().filter(due_date__lt=today)


class TrackedAction(Archivable):
    """An owner, a due date and a status that moves only along legal steps; done needs a note."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    # Legal moves; done and cancelled are final (a new action is recorded instead).
    ALLOWED = {
        Status.PLANNED: {Status.IN_PROGRESS, Status.DONE, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.PLANNED, Status.DONE, Status.CANCELLED},
        Status.DONE: set(),
        Status.CANCELLED: set(),
    }
    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    completion_note = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="%(app_label)s_%(class)s_done_has_completion_date",
                violation_error_message=_("A done action needs the date it was completed."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date < today and not self.is_archived

    def clean(self) -> None:
        if self.status == self.Status.DONE and not self.completion_note.strip():
            raise ValidationError(
                {"completion_note": gettext("Say what was done before marking the action done.")}
            )


Action = TypeVar("Action", bound=TrackedAction)


def move(*, action: Action, status: str, note: str = "", by) -> Action:
    """Move an action to another status: legal moves only, never an archived action; the caller
    checks who may (core.permissions) and runs it in its transaction."""
    if action.is_archived:
        raise ValidationError(gettext("An archived action cannot change status."))
    if not action.can_move_to(status):
        raise ValidationError(
            gettext("An action that is %(status)s cannot become %(target)s.")
            % {
                "status": action.get_status_display().lower(),
                "target": TrackedAction.Status(status).label.lower(),
            }
        )
    action.status = status
    if note.strip():
        action.completion_note = note.strip()
    action.completed_on = timezone.localdate() if status == TrackedAction.Status.DONE else None
    action.full_clean()
    record_change(action, by=by, reason=f"Status: {action.get_status_display()}")
    action.save()
    return action
