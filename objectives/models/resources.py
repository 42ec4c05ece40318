"""Resource requests (7.1): what an objective or process needs, and what top management decided."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.indexes import sort_index


class ResourceRequestQuerySet(models.QuerySet):
    def awaiting_decision(self) -> ResourceRequestQuerySet:
        return self.filter(status=ResourceRequest.Status.REQUESTED)


# The queue's sort key: 1 while a request awaits a decision, else 0 (sorted descending, first).
AWAITING_FIRST = Case(When(status="requested", then=Value(1)), default=Value(0), output_field=IntegerField())


class ResourceRequest(models.Model):
    """A request for resources, decided by top management with a reason, then provided."""

    class Category(models.TextChoices):
        PEOPLE = "people", _("People (7.1.2)")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure (7.1.3)")
        ENVIRONMENT = "environment", _("Environment for operating processes (7.1.4)")
        MONITORING_MEASURING = "monitoring_measuring", _("Monitoring and measuring resources (7.1.5)")
        KNOWLEDGE = "knowledge", _("Organisational knowledge (7.1.6)")
        EXTERNAL_PROVIDER = "external_provider", _("External provider (7.1.1)")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PROVIDED = "provided", _("Provided")

    ALLOWED = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.PROVIDED},
        Status.REJECTED: set(),
        Status.PROVIDED: set(),
    }
    DECISIONS = {Status.APPROVED, Status.REJECTED}
    AWAITING_FIRST = AWAITING_FIRST

    category = models.CharField(max_length=30, choices=Category.choices)
    description = models.TextField()
    objective = models.ForeignKey(
        "objectives.Objective",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resource_requests",
    )
    process = models.ForeignKey(
        "commitments.Process",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resource_requests",
    )
    quantity = models.DecimalField(max_digits=12, decimal_places=2, default=1)
    cost = models.DecimalField(_("estimated cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    provided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ResourceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            sort_index("resource_sort_queue_idx", AWAITING_FIRST, "requested_at"),
            sort_index("resource_sort_requested_idx", "requested_at"),
        ]
        permissions = [("decide_resourcerequest", "Can approve or reject a resource request")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(objective__isnull=False) | models.Q(process__isnull=False),
                name="resource_request_has_objective_or_process",
                violation_error_message=_("Link the request to an objective, a process or both."),
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0),
                name="resource_request_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                name="resource_request_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="requested") | ~models.Q(decision_reason=""),
                name="resource_request_decision_has_reason",
                violation_error_message=_("A decision needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:60]}"

    def clean(self) -> None:
        if self.objective_id is None and self.process_id is None:
            raise ValidationError(gettext("Link the request to an objective, a process or both."))

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED[self.status]
