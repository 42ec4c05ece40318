"""Stored counts of open objectives by progress, so the dashboard never counts the objectives table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .objectives import Objective


class ProgressTally(models.Model):
    """How many open objectives are on track, at risk, off track or not measured, right now.

    Kept by objectives.services.refresh_derived in the same transaction as the objectives it
    refreshes (each objective remembers in `tallied_as` where it is counted), and rebuilt from
    scratch by the daily task.
    """

    progress = models.CharField(max_length=12, choices=Objective.Progress.choices, unique=True)
    count = models.IntegerField(default=0)

    class Meta:
        ordering = ["progress"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_progress_display()}: {self.count}"


class ProgressSnapshot(models.Model):
    """The tally as it stood in one month (written daily, so a month keeps its last day's figures)."""

    month = models.DateField(help_text=_("The first day of the month."))
    progress = models.CharField(max_length=12, choices=Objective.Progress.choices)
    count = models.IntegerField(default=0)

    class Meta:
        ordering = ["month", "progress"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["month", "progress"],
                name="one_progress_snapshot_per_month",
                violation_error_message=_("This month already has a figure for that progress."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_progress_display()}: {self.count}"
