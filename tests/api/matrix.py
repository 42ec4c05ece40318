"""Role matrix of the API and of the token pages: every route x role x GET, POST, PUT, PATCH, DELETE.

Under /api/ an anonymous caller gets 401 (the API answers for itself, no log-in redirect), a method
an endpoint does not offer gets 405, and no endpoint offers PUT, PATCH or DELETE. tests/api/
test_token_matrix.py runs the same routes again with each role's personal access token.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api import services as token_services
from api.models import PersonalAccessToken
from commitments.models import PolicyVersion
from objectives import services as objective_services
from reviews import services as review_services
from tests.commitments.factories import PDF, EvidenceFactory, LeadershipActionFactory, active_responsibility
from tests.findings.matrix import _finding
from tests.matrix import LOGGED_IN, Route, expect, no_body
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory
from tests.policy.factories import (
    ManagementRoleFactory,
    PolicyAcknowledgementFactory,
    PolicyVersionFactory,
    ProcessFactory,
    RiskFactory,
)
from tests.reviews.factories import plan_review

ANON = 401
READ = expect(anonymous=ANON, top=200, quality=200, auditor=200)
NOT_OFFERED = expect(anonymous=ANON, employee=405, top=405, quality=405, auditor=405)
OPEN = expect(anonymous=200, employee=200, top=200, quality=200, auditor=200)
OPEN_NOT_OFFERED = expect(anonymous=405, employee=405, top=405, quality=405, auditor=405)
NO_OTHER = {"put": NOT_OFFERED, "patch": NOT_OFFERED, "delete": NOT_OFFERED}


def api(name: str, *, get=READ, post=NOT_OFFERED, **options) -> Route:
    """An API route: PUT, PATCH and DELETE are offered nowhere; writes answer `done` (201 by default)."""
    return Route(name, get=get, post=post, **{**NO_OTHER, "done": 201, "json": True, **options})


def _id(make):
    return lambda users: {"id": make(users).pk}


def _in_force():
    return PolicyVersion.objects.in_force().first() or PolicyVersionFactory(
        status="approved", with_mandatory=True
    )


def _employee_objective(users):
    return ObjectiveFactory(owner=users["employee"])


def _measurement(users):
    objective = _employee_objective(users)
    return objective_services.measurement_record(
        objective=objective, measured_on=objective.start_date, value=10, by=users["quality"]
    )


def _review(users):
    review = plan_review()
    review_services.review_prepare(review=review, by=review.chair)
    return review


def _review_action(users):
    """An action of a review, owned by the employee: its owner and the quality manager move it."""
    review = _review(users)
    decision = review_services.decision_record(
        review=review, kind="improvement", description="Reduce scrap", by=review.chair
    )
    return review_services.action_create(
        decision=decision,
        title="Train setters",
        owner=users["employee"],
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        by=review.chair,
    )


def _finding_row(users):
    from findings.models import Finding

    return Finding.objects.get(pk=_finding(users)["pk"])


def _evidence_body(users, kwargs):
    return {
        "title": "Minutes of the quality meeting",
        "kind": "minutes",
        "fact_date": timezone.localdate().isoformat(),
        "responsibilities": [active_responsibility().pk],
        "files": [SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")],
    }


def _measurement_body(users, kwargs):
    objective = _employee_objective(users)
    return {"objective": objective.pk, "measured_on": timezone.localdate().isoformat(), "value": "85"}


def _bulk_body(users, kwargs):
    objective = _employee_objective(users)
    today = timezone.localdate()
    return {
        "measurements": [
            {
                "objective": objective.pk,
                "measured_on": (today - datetime.timedelta(days=1)).isoformat(),
                "value": "80",
            },
            {"objective": objective.pk, "measured_on": today.isoformat(), "value": "85"},
        ]
    }


def _quality_token(users):
    token, _raw = token_services.token_create(
        name="Nightly export",
        scope=PersonalAccessToken.Scope.READ,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        by=users["quality"],
    )
    return {"pk": token.pk}


def _new_token(users, kwargs):
    return {
        "name": "ERP measurements",
        "scope": "read_write",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30),
    }


# Writes whose rule is about one record (core.permissions predicates): the record decides.
MEASURE = expect(anonymous=ANON, employee=400, top=400, quality=400, auditor=403)
MEASURE_REFUSED = expect(anonymous=ANON, top=403, auditor=403)
OWNER_OR_QUALITY = expect(anonymous=ANON, employee=400, top=403, quality=400, auditor=403)
DECIDERS = expect(anonymous=ANON, top=400, quality=400)

ROUTES = [
    # The schema and its two readers describe the API and hold no data: open to everyone.
    Route(
        "api:schema",
        get=OPEN,
        post=OPEN_NOT_OFFERED,
        put=OPEN_NOT_OFFERED,
        patch=OPEN_NOT_OFFERED,
        delete=OPEN_NOT_OFFERED,
    ),
    Route("api:swagger", get=OPEN, post=OPEN_NOT_OFFERED),
    Route("api:redoc", get=OPEN, post=OPEN_NOT_OFFERED),
    api("api:responsibilities-list"),
    api("api:responsibilities-detail", kwargs=lambda users: {"id": active_responsibility().pk}),
    api(
        "api:evidence-list",
        post=expect(anonymous=ANON, top=400, quality=400),
        valid_post=_evidence_body,
        json=False,
    ),
    api("api:evidence-detail", kwargs=_id(lambda users: EvidenceFactory())),
    api("api:leadership-actions-list"),
    api(
        "api:leadership-actions-detail", kwargs=_id(lambda users: LeadershipActionFactory(owner=users["top"]))
    ),
    # Top management moves the actions it owns; the quality manager any.
    api(
        "api:leadership-actions-move",
        get=NOT_OFFERED,
        post=expect(anonymous=ANON, top=400, quality=400),
        kwargs=_id(lambda users: LeadershipActionFactory(owner=users["top"])),
        valid_post=lambda users, kwargs: {"status": "in_progress"},
        done=200,
    ),
    api("api:policy-versions-list"),
    api("api:policy-versions-detail", kwargs=_id(lambda users: _in_force())),
    # The button is the whole request: everyone who works in the QMS acknowledges; auditors do not.
    api(
        "api:policy-versions-acknowledge",
        get=NOT_OFFERED,
        post=expect(anonymous=ANON, employee=201, top=201, quality=201, auditor=403),
        kwargs=_id(lambda users: _in_force()),
        post_changes=frozenset({"employee", "top", "quality"}),
        valid_post=no_body,
    ),
    api("api:policy-acknowledgements-list"),
    api(
        "api:policy-acknowledgements-detail",
        kwargs=_id(lambda users: PolicyAcknowledgementFactory(version=_in_force(), user=users["top"])),
    ),
    api("api:objectives-list"),
    api("api:objectives-detail", kwargs=_id(_employee_objective)),
    # The objective's owner (the employee) and the quality manager record its measurements.
    api(
        "api:measurements-list",
        post=MEASURE,
        valid_post=_measurement_body,
        valid_by=frozenset({"employee", "quality"}),
        refused_status=MEASURE_REFUSED,
    ),
    api(
        "api:measurements-bulk",
        get=NOT_OFFERED,
        post=MEASURE,
        valid_post=_bulk_body,
        valid_by=frozenset({"employee", "quality"}),
        refused_status=MEASURE_REFUSED,
    ),
    api("api:measurements-detail", kwargs=_id(_measurement)),
    api(
        "api:measurements-correct",
        get=NOT_OFFERED,
        post=OWNER_OR_QUALITY,
        kwargs=_id(_measurement),
        valid_post=lambda users, kwargs: {"value": "12", "comment": "Read again from the report"},
    ),
    api("api:resource-requests-list"),
    api("api:resource-requests-detail", kwargs=_id(lambda users: ResourceRequestFactory())),
    api("api:reviews-list"),
    api("api:reviews-detail", kwargs=_id(_review)),
    api("api:review-actions-list"),
    api("api:review-actions-detail", kwargs=_id(_review_action)),
    # The action's owner (the employee) and the quality manager move it along.
    api(
        "api:review-actions-move",
        get=NOT_OFFERED,
        post=OWNER_OR_QUALITY,
        kwargs=_id(_review_action),
        valid_post=lambda users, kwargs: {"status": "in_progress"},
        done=200,
    ),
    api("api:findings-list"),
    api("api:findings-detail", kwargs=_id(_finding_row)),
    api(
        "api:findings-accept",
        get=NOT_OFFERED,
        post=DECIDERS,
        kwargs=_id(_finding_row),
        valid_post=lambda users, kwargs: {
            "reason": "The review is planned for next month",
            "until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        done=200,
    ),
    api("api:processes-list"),
    api("api:processes-detail", kwargs=_id(lambda users: ProcessFactory())),
    api("api:risks-list"),
    api("api:risks-detail", kwargs=_id(lambda users: RiskFactory())),
    api("api:management-roles-list"),
    api("api:management-roles-detail", kwargs=_id(lambda users: ManagementRoleFactory())),
    # The token pages: everyone signed in keeps their own tokens.
    Route("tokens:list", get=LOGGED_IN, post=LOGGED_IN, valid_post=_new_token),
    Route(
        "tokens:revoke",
        get=expect(employee=405, top=405, quality=405, auditor=405),
        post=expect(employee=404, top=404, quality=302, auditor=404),
        kwargs=_quality_token,
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
]
