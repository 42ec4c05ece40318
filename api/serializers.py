"""What the API shows of each register, and the bodies its writes accept.

Related records are given by id (people, processes, responsibilities), so a row never loads another
row and a page of rows as they stood at a past moment (`?as_of=`) reads as cheaply as a live one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import (
    Attachment,
    Evidence,
    LeadershipAction,
    ManagementRole,
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyVersion,
    Process,
    Responsibility,
    Risk,
)
from findings.models import Finding
from objectives.models import Measurement, Objective, ResourceRequest
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, ReviewInput


class ReadSerializer(serializers.ModelSerializer):
    """Every field read-only: the API changes records only through its named writes."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


ARCHIVE_FIELDS = ["archived_at", "archived_by", "archive_reason"]


class ResponsibilitySerializer(ReadSerializer):
    class Meta:
        model = Responsibility
        fields = [
            "id",
            "edition",
            "key",
            "code",
            "clause",
            "title",
            "sort_order",
            "owner",
            "evidence_cadence_days",
            "owner_confirmed_by",
            "owner_confirmed_at",
            "status",
            "last_evidence_on",
            "fresh_evidence_count",
            "open_action_count",
            "overdue_action_count",
        ]


class AttachmentSerializer(ReadSerializer):
    class Meta:
        model = Attachment
        fields = [
            "id",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "integrity",
            "verified_at",
        ]


class EvidenceSerializer(ReadSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "fact_date",
            "valid_until",
            "recorded_by",
            "recorded_at",
            "action",
            "external_url",
            "responsibilities",
            "attachments",
            *ARCHIVE_FIELDS,
        ]


class EvidenceCreateSerializer(serializers.Serializer):
    """A new evidence record: the same fields as the page's form, files as multipart parts."""

    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    fact_date = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)
    responsibilities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Responsibility.objects.of_active_edition()
    )
    action = serializers.PrimaryKeyRelatedField(
        queryset=LeadershipAction.objects.active(), required=False, allow_null=True
    )
    external_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class LeadershipActionSerializer(ReadSerializer):
    class Meta:
        model = LeadershipAction
        fields = [
            "id",
            "title",
            "description",
            "responsibility",
            "owner",
            "due_date",
            "status",
            "completion_note",
            "completed_on",
            *ARCHIVE_FIELDS,
        ]


class StatusMoveSerializer(serializers.Serializer):
    """Move an action to another status; marking it done needs a note of what was done."""

    status = serializers.ChoiceField(choices=LeadershipAction.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PolicyCommitmentSerializer(ReadSerializer):
    class Meta:
        model = PolicyCommitment
        fields = ["id", "key", "statement", "kind", "sort_order"]


class PolicyVersionSerializer(ReadSerializer):
    commitments = serializers.SerializerMethodField()

    class Meta:
        model = PolicyVersion
        fields = [
            "id",
            "number",
            "title",
            "text",
            "context_and_direction",
            "status",
            "created_by",
            "created_at",
            "approved_by",
            "approved_on",
            "superseded_on",
            "acknowledgement_count",
            "commitments",
        ]

    @extend_schema_field(PolicyCommitmentSerializer(many=True))
    def get_commitments(self, version) -> list:
        return PolicyCommitmentSerializer(getattr(version, "api_commitments", ()), many=True).data


class PolicyAcknowledgementSerializer(ReadSerializer):
    class Meta:
        model = PolicyAcknowledgement
        fields = ["id", "version", "user", "acknowledged_at"]


class PlanSerializer(ReadSerializer):
    """An objective's plan: what will be done, towards which target, measured how and how often."""

    class Meta:
        model = Objective
        fields = [
            "baseline",
            "target",
            "unit",
            "direction",
            "band_low",
            "band_high",
            "method",
            "frequency_days",
            "start_date",
            "due_date",
            "plan",
            "evaluation",
            "customer_related",
        ]


class ProgressSerializer(ReadSerializer):
    """Where an objective stands, as last worked out from its measurements."""

    class Meta:
        model = Objective
        fields = [
            "progress",
            "latest_value",
            "latest_measured_on",
            "expected_value_now",
            "shortfall",
            "next_measurement_on",
        ]


class ObjectiveSerializer(ReadSerializer):
    plan = PlanSerializer(source="*", read_only=True)
    progress = ProgressSerializer(source="*", read_only=True)
    commitments = serializers.SerializerMethodField(
        help_text=_("Keys of the policy commitments it supports.")
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "ref",
            "title",
            "description",
            "process",
            "level",
            "owner",
            "status",
            "approved_by",
            "approved_at",
            "commitments",
            "plan",
            "progress",
            *ARCHIVE_FIELDS,
        ]

    def get_commitments(self, objective) -> list[str]:
        return list(getattr(objective, "api_commitments", ()))


class MeasurementSerializer(ReadSerializer):
    class Meta:
        model = Measurement
        fields = [
            "id",
            "objective",
            "measured_on",
            "value",
            "comment",
            "recorded_by",
            "recorded_at",
            "supersedes",
            "is_current",
        ]


class MeasurementCreateSerializer(serializers.Serializer):
    """A value for one day; a second value for a day that has one corrects it (the old one is kept)."""

    objective = serializers.PrimaryKeyRelatedField(queryset=Objective.objects.active())
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class MeasurementCorrectSerializer(serializers.Serializer):
    """The corrected value of a measurement; the record it replaces stays in the history."""

    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ResourceRequestSerializer(ReadSerializer):
    class Meta:
        model = ResourceRequest
        fields = [
            "id",
            "category",
            "description",
            "objective",
            "process",
            "quantity",
            "cost",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_on",
            "decision_reason",
            "provided_on",
        ]


class ReviewInputSerializer(ReadSerializer):
    class Meta:
        model = ReviewInput
        fields = ["id", "code", "title", "section", "sort_order", "status", "notes", "deferred_reason"]


class ReviewActionSerializer(ReadSerializer):
    review = serializers.IntegerField(source="decision.review_id", read_only=True)

    class Meta:
        model = ReviewAction
        fields = [
            "id",
            "decision",
            "review",
            "title",
            "owner",
            "due_date",
            "status",
            "completion_note",
            "completed_on",
            *ARCHIVE_FIELDS,
        ]


class ReviewDecisionSerializer(ReadSerializer):
    actions = serializers.SerializerMethodField()

    class Meta:
        model = ReviewDecision
        fields = [
            "id",
            "kind",
            "description",
            "recorded_by",
            "recorded_at",
            "resource_request",
            "commitment_key",
            "policy_draft",
            "actions",
        ]

    @extend_schema_field(ReviewActionSerializer(many=True))
    def get_actions(self, decision) -> list:
        return ReviewActionSerializer(decision.actions.all(), many=True).data


class ReviewSerializer(ReadSerializer):
    inputs = ReviewInputSerializer(many=True, read_only=True)
    decisions = ReviewDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "title",
            "planned_date",
            "chair",
            "attendees",
            "other_attendees",
            "status",
            "edition",
            "minutes",
            "held_on",
            "conclusion_suitable",
            "conclusion_adequate",
            "conclusion_effective",
            "conclusion_aligned",
            "conclusion",
            "signed_off_by",
            "signed_off_at",
            "created_by",
            "created_at",
            "inputs",
            "decisions",
        ]


class FindingSerializer(ReadSerializer):
    subject_type = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "rule_code",
            "severity",
            "subject_type",
            "subject_id",
            "subject_label",
            "message",
            "owner",
            "first_seen_at",
            "last_seen_on",
            "resolved_at",
            "accepted_until",
            "acceptance_reason",
            "accepted_by",
            "accepted_at",
        ]

    def get_subject_type(self, finding) -> str:
        """What the finding is about, as "app_label.model"."""
        return f"{finding.subject_type.app_label}.{finding.subject_type.model}"


class FindingAcceptSerializer(serializers.Serializer):
    """Accept a finding until a date, with the reason the organisation accepts it for now."""

    reason = serializers.CharField()
    until = serializers.DateField()


class ProcessSerializer(ReadSerializer):
    class Meta:
        model = Process
        fields = [
            "id",
            "name",
            "owner",
            "purpose",
            "inputs",
            "outputs",
            "performance_indicators",
            "qms_integration",
            "status",
            *ARCHIVE_FIELDS,
        ]


class RiskSerializer(ReadSerializer):
    class Meta:
        model = Risk
        fields = [
            "id",
            "kind",
            "process",
            "title",
            "description",
            "likelihood",
            "impact",
            "score",
            "treatment",
            "owner",
            "review_date",
            "status",
            "treatment_effectiveness",
            *ARCHIVE_FIELDS,
        ]


class ManagementRoleSerializer(ReadSerializer):
    supporting_evidence = serializers.SerializerMethodField(
        help_text=_("Ids of the evidence supporting the role; null for rows read as of a past date.")
    )

    class Meta:
        model = ManagementRole
        fields = [
            "id",
            "title",
            "holder",
            "area",
            "responsibilities",
            "authorities",
            "top_management_support",
            "supporting_evidence",
            *ARCHIVE_FIELDS,
        ]

    def get_supporting_evidence(self, role) -> list[int] | None:
        return getattr(role, "api_evidence", None)


class MeasurementBulkSerializer(serializers.Serializer):
    """Several measurements in one request."""

    measurements = MeasurementCreateSerializer(many=True, allow_empty=False, max_length=500)
