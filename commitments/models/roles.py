"""Management roles (clause 5.3 and 5.1.1 j) and the registers a responsibility draws context from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archiving import Archivable, ArchivableQuerySet
from core.indexes import archived_index, sort_index

from .editions import Requirement, Responsibility


class ManagementRole(Archivable):
    """A management role: who holds it, what they answer for, and how top management backs them."""

    title = models.CharField(_("role title"), max_length=150)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.CharField(max_length=150, help_text=_("Department, site or process area."))
    responsibilities = models.TextField()
    authorities = models.TextField(help_text=_("What the holder may decide without asking."))
    top_management_support = models.TextField(
        _("how top management supports the holder"),
        blank=True,
        help_text=_("Coaching, resources, delegated budgets, regular one-to-ones..."),
    )
    supporting_evidence = models.ManyToManyField(
        "commitments.Evidence",
        blank=True,
        related_name="supported_roles",
        help_text=_("Evidence that top management really backs the holder (minutes, decisions, budgets)."),
    )
    history = HistoricalRecords(m2m_fields=[supporting_evidence])

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            sort_index("role_sort_title_idx", "title"),
            sort_index("role_sort_area_idx", "area"),
            archived_index("role_archived_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self) -> RoleAssignmentQuerySet:
        """Assignments not ended (a reassignment ends the previous one; nothing is deleted)."""
        return self.filter(ended_at__isnull=True)

    def of_active_edition(self) -> RoleAssignmentQuerySet:
        return self.filter(requirement__edition__is_active=True)


class RoleAssignment(models.Model):
    """An assignment of clause 5.3 given to a management role and its holder by top management,
    then confirmed by the holder."""

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="assignments")
    role = models.ForeignKey(ManagementRole, on_delete=models.PROTECT, related_name="assignments")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("Who held the role when it was assigned; the holder confirms the assignment."),
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["requirement__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_assignment_per_role",
                violation_error_message=_("This role already holds that assignment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement.label} -> {self.role}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RegisterLink(models.Model):
    """Data: a register that counts as context for a responsibility (kept per edition)."""

    class Register(models.TextChoices):
        PROCESSES = "processes", _("Process register")
        RISKS = "risks", _("Risks and opportunities")
        ROLES = "roles", _("Management roles")
        REVIEWS = "reviews", _("Management reviews")

    responsibility = models.ForeignKey(
        Responsibility, on_delete=models.CASCADE, related_name="register_links"
    )
    register = models.CharField(max_length=20, choices=Register.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["responsibility", "register"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility", "register"],
                name="unique_register_link",
                violation_error_message=_("This register is already linked to the responsibility."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.responsibility.code}) -> {self.get_register_display()}"
