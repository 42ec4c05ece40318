"""The role matrix for the rules about one record: owner or not, chair or not, frozen, archived.

tests/test_role_matrix.py proves who may open each URL; this proves that a valid POST by someone
who holds the permission but not the object right is refused and changes nothing, and that the
same POST by the right person does what it says.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Evidence, LeadershipAction, ManagementRole, Process, Risk
from core import archiving
from objectives.models import Objective
from reviews import services as review_services
from tests.commitments.factories import LeadershipActionFactory
from tests.conftest import db_fingerprint
from tests.factories import PASSWORD, UserFactory
from tests.objectives.factories import ObjectiveFactory
from tests.reviews.factories import conclude, held_review
from tests.test_role_matrix import ROUTES

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    """A record in a state, a person, a valid POST, and whether it may change the database."""

    name: str
    build: Callable[[], tuple[str, dict, object]]  # -> (url, data, acting user)
    allowed: bool
    status: int


def _today() -> str:
    return timezone.localdate().isoformat()


def _measurement(*, owner_acts: bool, archived: bool = False):
    def build():
        owner = UserFactory()
        objective = ObjectiveFactory(owner=owner)
        if archived:
            archiving.archive(
                obj=objective, reason="Merged into another objective", by=UserFactory(role="quality")
            )
        actor = owner if owner_acts else UserFactory()
        url = reverse("objectives:measurement_create", args=[objective.pk])
        return url, {"measured_on": _today(), "value": "85", "comment": ""}, actor

    return build


def _review_action(*, owner_acts: bool):
    def build():
        review = held_review()
        decision = review_services.decision_record(
            review=review, kind="improvement", description="Less scrap", by=review.chair
        )
        owner = UserFactory(role="top")
        action = review_services.action_create(
            decision=decision,
            title="Train setters",
            owner=owner,
            due_date=timezone.localdate(),
            by=review.chair,
        )
        actor = owner if owner_acts else UserFactory(role="top")
        url = reverse("reviews:action_status", args=[action.pk])
        return url, {"status": "in_progress", "note": ""}, actor

    return build


def _leadership_action(*, owner_acts: bool):
    def build():
        owner = UserFactory(role="top")
        action = LeadershipActionFactory(owner=owner)
        actor = owner if owner_acts else UserFactory(role="top")
        url = reverse("commitments:action_transition", args=[action.pk])
        return url, {"status": "in_progress"}, actor

    return build


def _conclude(*, role: str):
    def build():
        objective = ObjectiveFactory(status=Objective.Status.ACTIVE)
        url = reverse("objectives:status", args=[objective.pk])
        return url, {"status": "achieved", "reason": "Target reached in October"}, UserFactory(role=role)

    return build


def _frozen_review_edit():
    review = held_review()
    review.inputs.update(notes="Presented")
    conclude(review)
    review_services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    url = reverse("reviews:edit", args=[review.pk])
    data = {"title": "Rewritten", "planned_date": _today(), "chair": review.chair_id, "minutes": "New"}
    return url, data, UserFactory(role="quality")


def _signed_off_review():
    review = conclude(held_review())
    review_services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    return review


def _sign_off(*, chair_acts: bool, password: str = PASSWORD):
    def build():
        review = conclude(held_review())
        actor = review.chair if chair_acts else UserFactory(role="top")
        url = reverse("reviews:sign_off", args=[review.pk])
        return url, {"meaning": "approved", "password": password}, actor

    return build


def _attendance(*, listed: bool):
    def build():
        review = held_review()
        actor = UserFactory(role="quality")
        if listed:
            review.attendees.add(actor)
        url = reverse("reviews:attendance", args=[review.pk])
        return url, {"meaning": "attended", "password": PASSWORD}, actor

    return build


def _decision_on_signed_off_review():
    review = _signed_off_review()
    url = reverse("reviews:decision_create", args=[review.pk])
    return url, {"kind": "improvement", "description": "Late idea"}, UserFactory(role="top")


CASES = [
    Case("measurement by the owner without a role", _measurement(owner_acts=True), True, 302),
    Case("measurement by someone else without a role", _measurement(owner_acts=False), False, 403),
    # The 403-or-404 rule (docs/security.md): the record exists and may be read, not changed -> 403.
    Case("measurement on an archived objective", _measurement(owner_acts=True, archived=True), False, 403),
    Case("review action moved by its owner", _review_action(owner_acts=True), True, 302),
    Case("review action moved by another leader", _review_action(owner_acts=False), False, 403),
    Case("leadership action moved by its owner", _leadership_action(owner_acts=True), True, 302),
    Case("leadership action moved by another leader", _leadership_action(owner_acts=False), False, 403),
    Case("objective concluded by top management", _conclude(role="top"), True, 302),
    Case("objective concluded by the quality manager", _conclude(role="quality"), False, 403),
    Case("signed-off review edited", _frozen_review_edit, False, 302),
    Case("review signed off by its chair", _sign_off(chair_acts=True), True, 302),
    Case("review signed off by another leader", _sign_off(chair_acts=False), False, 302),
    Case("review signed off with a wrong password", _sign_off(chair_acts=True, password="guess"), False, 302),
    Case("attendance confirmed by a listed attendee", _attendance(listed=True), True, 302),
    Case("attendance confirmed by someone not listed", _attendance(listed=False), False, 302),
    Case("decision added to a signed-off review", _decision_on_signed_off_review, False, 302),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_object_rule(case, client):
    url, data, actor = case.build()
    client.force_login(actor)
    before = db_fingerprint()
    response = client.post(url, data)
    assert response.status_code == case.status, f"{case.name}: POST {url}"
    changed = db_fingerprint() != before
    assert changed == case.allowed, f"{case.name}: database {'unchanged' if case.allowed else 'changed'}"


# Change routes of archivable records, with the model kwargs builds, the role with the right and
# the answer: their valid body (Route.valid_post) on an archived record is refused and changes
# nothing. Change pages, the archive page included, answer 403 with the reason (the 403-or-404
# rule, docs/security.md).
ARCHIVED = [
    ("objectives:update", Objective, "quality", 403),
    ("objectives:archive", Objective, "quality", 403),
    ("objectives:status", Objective, "top", 403),
    ("objectives:measurement_create", Objective, "employee", 403),
    ("commitments:evidence_update", Evidence, "quality", 403),
    ("commitments:evidence_archive", Evidence, "quality", 403),
    ("commitments:action_update", LeadershipAction, "top", 403),
    ("commitments:action_transition", LeadershipAction, "top", 403),
    ("commitments:action_archive", LeadershipAction, "quality", 403),
    ("registers:process_update", Process, "quality", 403),
    ("registers:process_archive", Process, "quality", 403),
    ("registers:risk_update", Risk, "quality", 403),
    ("registers:risk_archive", Risk, "quality", 403),
    ("registers:role_update", ManagementRole, "quality", 403),
    ("registers:role_archive", ManagementRole, "quality", 403),
]


@pytest.mark.parametrize(("name", "model", "role", "status"), ARCHIVED, ids=[row[0] for row in ARCHIVED])
def test_valid_post_to_an_archived_record_is_refused(name, model, role, status, client, users_by_role):
    route = next(route for route in ROUTES if route.name == name)
    kwargs = route.kwargs(users_by_role)
    archiving.archive(
        obj=model.objects.get(pk=kwargs["pk"]), reason="Recorded twice", by=users_by_role["quality"]
    )
    data = route.valid_post(users_by_role, kwargs)
    client.force_login(users_by_role[role])
    before = db_fingerprint()
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == status, f"{name} on an archived record"
    assert db_fingerprint() == before, f"{name} on an archived record changed the database"
