"""The endpoints of /api/v1/: a read-only endpoint per register, and the writes integrations need.

Every endpoint reads through the app's selector, filters with the list page's FilterSet, pages with
a cursor over a stable order (the page's sort, then the id), and names its permission (api.permissions);
every write calls the app's service with `by=` the caller, so the history shows who it was.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api import serializers as s
from api.errors import field_errors
from api.pagination import KeysetPagination
from api.permissions import Rule, holds, predicate
from api.schema import AS_OF
from commitments import filters as commitment_filters
from commitments import selectors as commitment_selectors
from commitments.models import (
    LeadershipAction,
    ManagementRole,
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyVersion,
    Process,
    Responsibility,
    Risk,
)
from commitments.services import actions as action_services
from commitments.services import evidence as evidence_services
from commitments.services import policy as policy_services
from core import permissions, pointintime
from findings import services as finding_services
from findings.filters import FindingFilter
from findings.models import Finding
from objectives import selectors as objective_selectors
from objectives import services as objective_services
from objectives.filters import MeasurementListFilter, ObjectiveFilter, ResourceRequestFilter
from objectives.models import Measurement, Objective, ObjectiveCommitment
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.filters import ActionFilter

# Query parameters that are not filters.
NOT_FILTERS = {AS_OF, KeysetPagination.cursor_query_param, KeysetPagination.page_size_query_param, "format"}


class ApiViewMixin:
    """What every endpoint shares: open to the API's own authentication, one rule per action."""

    # The view permission of the register's list page; reads ask it.
    read_permission = ""
    # Rules of the endpoint's writes, by action name.
    write_rules: dict[str, Rule] = {}
    # Under which field a refusal of the service that names no field is reported.
    error_field = "non_field_errors"

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        # The API answers 401 itself; the site's log-in redirect is for pages.
        view.login_required = False
        return view

    def rule(self) -> Rule | None:
        if self.action in ("list", "retrieve"):
            return holds(self.read_permission)
        return self.write_rules.get(self.action)


class RegisterViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A register: list (filtered, paged) and one record; `?as_of=` where `as_of_model` is set."""

    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    pagination_class = KeysetPagination
    filter_backends = [DjangoFilterBackend]
    ordering: tuple[str, ...] = ()
    descending = False
    as_of_model = None

    def selector(self):
        raise NotImplementedError

    def moment(self) -> datetime.datetime | None:
        """The end of the `?as_of=` day, or None for live rows."""
        if self.as_of_model is None or self.action not in ("list", "retrieve"):
            return None
        raw = self.request.query_params.get(AS_OF, "")
        if not raw:
            return None
        try:
            day = datetime.date.fromisoformat(raw)
            if not 1900 <= day.year < 9999:
                raise ValueError(raw)
        except ValueError:
            raise ValidationError({AS_OF: [_("A date as YYYY-MM-DD, from 1900 on.")]}) from None
        return pointintime.end_of_day(day)

    def get_queryset(self):
        when = self.moment()
        if when is not None:
            return pointintime.source(self.as_of_model, when)
        return self.selector()

    def filter_queryset(self, queryset):
        if self.moment() is not None:
            if set(self.request.query_params) - NOT_FILTERS:
                raise ValidationError({AS_OF: [_("Past rows are read whole: leave out the filters.")]})
            return queryset
        return super().filter_queryset(queryset)

    def finish(self, rows: list, when: datetime.datetime | None) -> None:
        """Load what the rows show from other tables, for the whole page at once."""

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.finish(rows, self.moment())
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        self.finish([row], self.moment())
        return Response(self.get_serializer(row).data)

    def get_object(self):
        if self.moment() is None:
            return super().get_object()
        # Past rows come from the history table, where the record's id is a plain column.
        row = self.get_queryset().filter(id=self.kwargs["id"]).first()
        if row is None:
            raise Http404
        return row

    def written(self, serializer_class, instance, code=status.HTTP_200_OK) -> Response:
        return Response(serializer_class(instance).data, status=code)


class ResponsibilityViewSet(RegisterViewSet):
    """The responsibilities of the active edition, with their stored status and figures."""

    read_permission = "commitments.view_responsibility"
    serializer_class = s.ResponsibilitySerializer
    ordering = ("sort_order", "code")
    as_of_model = Responsibility

    def selector(self):
        return commitment_selectors.responsibility_register()


class EvidenceViewSet(RegisterViewSet):
    """Evidence with its responsibilities and files (name, size, type, SHA-256). POST records new evidence."""

    read_permission = "commitments.view_evidence"
    serializer_class = s.EvidenceSerializer
    filterset_class = commitment_filters.EvidenceFilter
    ordering = ("fact_date",)
    descending = True
    write_rules = {"create": holds("commitments.add_evidence")}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def selector(self):
        return commitment_selectors.evidence_list().prefetch_related("attachments")

    @extend_schema(request=s.EvidenceCreateSerializer, responses={201: s.EvidenceSerializer})
    def create(self, request):
        """Record evidence, files included (multipart): the same checks as the page's form."""
        body = s.EvidenceCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        self.error_field = "files"
        evidence = evidence_services.evidence_create(
            **{name: data.get(name) for name in ("title", "kind", "fact_date", "valid_until", "action")},
            description=data["description"],
            external_url=data["external_url"],
            responsibilities=data["responsibilities"],
            files=data["files"],
            by=request.user,
        )
        return self.written(
            s.EvidenceSerializer, self.selector().get(pk=evidence.pk), status.HTTP_201_CREATED
        )


class LeadershipActionViewSet(RegisterViewSet):
    """Leadership actions with their responsibility, owner and status."""

    read_permission = "commitments.view_leadershipaction"
    serializer_class = s.LeadershipActionSerializer
    filterset_class = commitment_filters.LeadershipActionFilter
    ordering = ("due_date",)
    as_of_model = LeadershipAction
    error_field = "status"
    write_rules = {
        "move": Rule(
            text=holds("commitments.change_leadershipaction").text
            + " "
            + predicate(permissions.may_change_leadership_action, on_object=True).text,
            allows=lambda user: user.has_perm("commitments.change_leadershipaction"),
            allows_object=permissions.may_change_leadership_action,
        )
    }

    def selector(self):
        return commitment_selectors.action_list()

    @extend_schema(request=s.StatusMoveSerializer, responses={200: s.LeadershipActionSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def move(self, request, id=None):
        """Move the action to another status (legal moves only; done needs a note)."""
        leadership_action = self.get_object()
        body = s.StatusMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = action_services.action_transition(
            action=leadership_action, by=request.user, **body.validated_data
        )
        return self.written(s.LeadershipActionSerializer, moved)


class PolicyVersionViewSet(RegisterViewSet):
    """Every version of the quality policy, with its commitments. POST …/acknowledge/ acknowledges it."""

    read_permission = "commitments.view_policyversion"
    serializer_class = s.PolicyVersionSerializer
    ordering = ("number",)
    descending = True
    as_of_model = PolicyVersion
    error_field = "version"
    write_rules = {"acknowledge": predicate(permissions.may_acknowledge_policy)}

    def selector(self):
        return PolicyVersion.objects.all()

    def finish(self, rows, when):
        commitments = pointintime.snapshot(
            PolicyCommitment, when, order_by=("sort_order", "id"), version_id__in=[v.pk for v in rows]
        )
        grouped = pointintime.group_by(commitments, "version_id")
        for version in rows:
            version.api_commitments = grouped.get(version.pk, [])

    @extend_schema(request=None, responses={201: s.PolicyAcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, id=None):
        """Acknowledge that you read this version (it must be the version in force)."""
        acknowledgement = policy_services.policy_acknowledge(version=self.get_object(), by=request.user)
        return self.written(s.PolicyAcknowledgementSerializer, acknowledgement, status.HTTP_201_CREATED)


class PolicyAcknowledgementViewSet(RegisterViewSet):
    """Who acknowledged which version of the policy, and when."""

    read_permission = "commitments.view_policyacknowledgement"
    serializer_class = s.PolicyAcknowledgementSerializer
    filterset_class = commitment_filters.PolicyAcknowledgementFilter
    ordering = ("acknowledged_at",)
    descending = True

    def selector(self):
        return PolicyAcknowledgement.objects.all()


class ObjectiveViewSet(RegisterViewSet):
    """Quality objectives with their plan (target, method, frequency, dates) and progress."""

    read_permission = "objectives.view_objective"
    serializer_class = s.ObjectiveSerializer
    filterset_class = ObjectiveFilter
    ordering = ("ref",)
    as_of_model = Objective

    def selector(self):
        return objective_selectors.objective_list()

    def finish(self, rows, when):
        if when is None:
            for objective in rows:
                objective.api_commitments = [link.key for link in objective.commitments.all()]
            return
        links = pointintime.snapshot(
            ObjectiveCommitment, when, order_by=("key",), objective_id__in=[o.pk for o in rows]
        )
        grouped = pointintime.group_by(links, "objective_id")
        for objective in rows:
            objective.api_commitments = [link.key for link in grouped.get(objective.pk, [])]


class MeasurementViewSet(RegisterViewSet):
    """Measurements of the objectives (corrections kept: `is_current` marks the value in force).

    POST records one value, POST …/bulk/ several at once (all or none), POST …/{id}/correct/ corrects one.
    """

    read_permission = "objectives.view_measurement"
    serializer_class = s.MeasurementSerializer
    filterset_class = MeasurementListFilter
    ordering = ("measured_on",)
    descending = True
    write_rules = {
        "create": predicate(permissions.may_record_measurement, on_object=True),
        "bulk": predicate(permissions.may_record_measurement, on_object=True),
        "correct": predicate(permissions.may_record_measurement, on_object=True, of=lambda m: m.objective),
    }
    error_field = "value"

    def selector(self):
        return Measurement.objects.all()

    def _record(self, data: dict) -> Measurement:
        self.check_object_permissions(self.request, data["objective"])
        return objective_services.measurement_record(
            objective=data["objective"],
            measured_on=data["measured_on"],
            value=data["value"],
            comment=data["comment"],
            by=self.request.user,
        )

    @extend_schema(request=s.MeasurementCreateSerializer, responses={201: s.MeasurementSerializer})
    def create(self, request):
        """Record a measurement; a value for a day that already has one corrects it."""
        body = s.MeasurementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.written(
            s.MeasurementSerializer, self._record(body.validated_data), status.HTTP_201_CREATED
        )

    @extend_schema(request=s.MeasurementBulkSerializer, responses={201: s.MeasurementSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Record up to 500 measurements in one request: all are recorded, or none (errors by position)."""
        body = s.MeasurementBulkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        recorded = []
        with transaction.atomic():
            for index, item in enumerate(body.validated_data["measurements"]):
                try:
                    recorded.append(self._record(item))
                except DjangoValidationError as error:
                    raise ValidationError({"measurements": {index: field_errors(error, "value")}}) from None
        return Response(s.MeasurementSerializer(recorded, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MeasurementCorrectSerializer, responses={201: s.MeasurementSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, id=None):
        """Correct a measurement: a new current value supersedes it; the old one stays in the history."""
        measurement = self.get_object()
        body = s.MeasurementCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        correction = objective_services.measurement_correct(
            measurement=measurement, by=request.user, **body.validated_data
        )
        return self.written(s.MeasurementSerializer, correction, status.HTTP_201_CREATED)


class ResourceRequestViewSet(RegisterViewSet):
    """Requests for resources (people, budget, equipment) and top management's decisions on them."""

    read_permission = "objectives.view_resourcerequest"
    serializer_class = s.ResourceRequestSerializer
    filterset_class = ResourceRequestFilter
    ordering = ("requested_at",)
    descending = True

    def selector(self):
        return objective_selectors.resource_queue()


class ReviewViewSet(RegisterViewSet):
    """Management reviews with their inputs, decisions and the actions decided."""

    read_permission = "reviews.view_managementreview"
    serializer_class = s.ReviewSerializer
    ordering = ("planned_date",)
    descending = True

    def selector(self):
        return review_selectors.review_list().prefetch_related(
            "attendees", "inputs", "decisions__actions__decision"
        )


class ReviewActionViewSet(RegisterViewSet):
    """Actions decided at management reviews. POST …/status/ moves one along."""

    read_permission = "reviews.view_reviewaction"
    serializer_class = s.ReviewActionSerializer
    filterset_class = ActionFilter
    ordering = ("due_date",)
    error_field = "status"
    write_rules = {"move": predicate(permissions.may_update_review_action, on_object=True)}

    def selector(self):
        return review_selectors.action_list()

    @extend_schema(request=s.StatusMoveSerializer, responses={200: s.ReviewActionSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def move(self, request, id=None):
        """Move the action to another status (legal moves only; done needs a note)."""
        review_action = self.get_object()
        body = s.StatusMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = review_services.action_update_status(
            action=review_action, by=request.user, **body.validated_data
        )
        return self.written(s.ReviewActionSerializer, self.selector().get(pk=moved.pk))


class FindingViewSet(RegisterViewSet):
    """What the background checks found (open ones by default: `?state=all` for every one)."""

    read_permission = "findings.view_finding"
    serializer_class = s.FindingSerializer
    filterset_class = FindingFilter
    ordering = ("first_seen_at",)
    descending = True
    error_field = "until"
    write_rules = {"accept": holds("findings.accept_finding")}

    def selector(self):
        return Finding.objects.select_related("subject_type")

    @extend_schema(request=s.FindingAcceptSerializer, responses={200: s.FindingSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, id=None):
        """Accept the finding until a date: it stays out of the alerts until then."""
        finding = self.get_object()
        body = s.FindingAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        accepted = finding_services.finding_accept(finding=finding, by=request.user, **body.validated_data)
        return self.written(s.FindingSerializer, self.selector().get(pk=accepted.pk))


class ProcessViewSet(RegisterViewSet):
    """The processes of the quality management system."""

    read_permission = "commitments.view_process"
    serializer_class = s.ProcessSerializer
    filterset_class = commitment_filters.ProcessFilter
    ordering = ("name",)
    as_of_model = Process

    def selector(self):
        return Process.objects.all()


class RiskViewSet(RegisterViewSet):
    """Risks and opportunities with their score, treatment and owner."""

    read_permission = "commitments.view_risk"
    serializer_class = s.RiskSerializer
    filterset_class = commitment_filters.RiskFilter
    ordering = ("title",)
    as_of_model = Risk

    def selector(self):
        return Risk.objects.all()


class ManagementRoleViewSet(RegisterViewSet):
    """Management roles: who holds which responsibilities and authorities."""

    read_permission = "commitments.view_managementrole"
    serializer_class = s.ManagementRoleSerializer
    filterset_class = commitment_filters.ManagementRoleFilter
    ordering = ("title",)
    as_of_model = ManagementRole

    def selector(self):
        return ManagementRole.objects.prefetch_related("supporting_evidence")

    def finish(self, rows, when):
        # Past rows leave the evidence list out (null): only live rows carry it.
        if when is None:
            for role in rows:
                role.api_evidence = [evidence.pk for evidence in role.supporting_evidence.all()]
