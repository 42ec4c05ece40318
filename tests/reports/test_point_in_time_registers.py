"""Registers as the system recorded them at the end of a past day: objectives, evidence, actions,
risks, roles; and the past register page's pagination."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import (
    Attachment,
    Evidence,
    LeadershipAction,
    ManagementRole,
    Process,
    Responsibility,
    Risk,
)
from objectives.models import Objective
from tests.commitments.factories import (
    AttachmentFactory,
    EvidenceFactory,
    LeadershipActionFactory,
    active_responsibility,
)
from tests.factories import UserFactory
from tests.objectives.factories import ObjectiveOf2026Factory
from tests.policy.factories import ManagementRoleFactory, RiskFactory
from tests.reports.factories import ProcessFactory, backdate_history

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

DAY_D = datetime.date(2026, 5, 1)
LOADED = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))


def _as_of(client, register: str, day: datetime.date, **extra):
    response = client.get(reverse("reports:as_of"), {"register": register, "date": day.isoformat(), **extra})
    assert response.status_code == 200
    return response


def _table(response) -> list[dict]:
    return [dict(zip(response.context["headers"], row, strict=True)) for row in response.context["rows"]]


def test_objective_as_of_d_shows_the_target_and_owner_before_the_change(client, auditor_user):
    helen = UserFactory(first_name="Helen", last_name="Marsh")
    objective = ObjectiveOf2026Factory(
        ref="OBJ-OTD", title="On-time delivery", owner=helen, target=Decimal("90")
    )
    backdate_history(Objective, LOADED)
    objective.target = Decimal("95")
    objective.owner = UserFactory(first_name="Priya", last_name="Raman")
    objective._change_reason = "Target raised after the customer review"
    objective.save()
    ObjectiveOf2026Factory(ref="OBJ-NEW")
    client.force_login(auditor_user)
    (row,) = _table(_as_of(client, "objectives", DAY_D))
    assert row["Ref"] == "OBJ-OTD" and row["Target"] == Decimal("90") and row["Owner"] == "Helen Marsh"
    assert "Progress" not in row  # not kept in the history: never shown as if it were
    page = _as_of(client, "objectives", DAY_D).content.decode()
    assert "Helen Marsh" in page and "Priya Raman" not in page
    today = {r["Ref"]: r for r in _table(_as_of(client, "objectives", timezone.localdate()))}
    assert today["OBJ-OTD"]["Target"] == Decimal("95") and set(today) == {"OBJ-OTD", "OBJ-NEW"}


def test_evidence_as_of_d_shows_its_responsibilities_and_files_of_then(client, auditor_user):
    evidence = EvidenceFactory(title="Board minutes", fact_date=datetime.date(2026, 3, 12))
    AttachmentFactory(evidence=evidence, original_name="board.pdf")
    for model in (Responsibility, Evidence, Attachment):
        backdate_history(model, LOADED)
    evidence.responsibilities.set([active_responsibility("a"), active_responsibility("e")])
    AttachmentFactory(evidence=evidence, original_name="board-annex.pdf")
    EvidenceFactory(title="Recorded later")
    client.force_login(auditor_user)
    (row,) = _table(_as_of(client, "evidence", DAY_D))
    assert row["Title"] == "Board minutes" and row["Responsibilities"] == "a" and row["Files"] == "board.pdf"
    today = {r["Title"]: r for r in _table(_as_of(client, "evidence", timezone.localdate()))}
    assert today["Board minutes"]["Responsibilities"] == "a; e"
    assert today["Board minutes"]["Files"] == "board-annex.pdf; board.pdf"


def test_action_risk_and_role_as_of_d_show_their_state_of_then(client, auditor_user):
    action = LeadershipActionFactory(title="Fund the CMM probe")
    risk = RiskFactory(title="Spindle failure", likelihood=2, impact=2, score=4)
    role = ManagementRoleFactory(
        title="Production manager", holder=UserFactory(first_name="Sam", last_name="Lee")
    )
    for model in (LeadershipAction, Risk, ManagementRole):
        backdate_history(model, LOADED)
    action.status, action.completed_on, action.completion_note = "done", timezone.localdate(), "Bought"
    action.save()
    risk.likelihood, risk.impact, risk.score = 4, 5, 20
    risk.save()
    role.holder = UserFactory(first_name="Ana", last_name="Diaz")
    role.save()
    client.force_login(auditor_user)
    (past_action,) = _table(_as_of(client, "leadership_actions", DAY_D))
    assert past_action["Status"] == "Planned" and past_action["Completed on"] == ""
    (past_risk,) = _table(_as_of(client, "risks", DAY_D))
    assert (past_risk["Score"], past_risk["Level"]) == (4, "Low")
    (past_role,) = _table(_as_of(client, "management_roles", DAY_D))
    assert past_role["Holder"] == "Sam Lee"


def test_past_register_page_is_paginated(client, auditor_user):
    Process.objects.bulk_create(Process(name=f"Process {i:03d}") for i in range(60))
    for process in Process.objects.all():
        process.save()  # a history row each
    client.force_login(auditor_user)
    first = _as_of(client, "processes", timezone.localdate())
    assert len(first.context["rows"]) == 50 and first.context["is_paginated"]
    assert "Page 1 of 2" in first.content.decode()
    second = _as_of(client, "processes", timezone.localdate(), page=2)
    assert [r[0] for r in second.context["rows"]] == [f"Process {i:03d}" for i in range(50, 60)]


@pytest.mark.parametrize("register", ["evidence", "leadership_actions", "objectives", "risks"])
def test_past_register_pages_run_the_same_queries_at_two_data_sizes(client, auditor_user, register):
    def grow(n):
        for _ in range(n):
            AttachmentFactory(evidence=EvidenceFactory())
            LeadershipActionFactory()
            ObjectiveOf2026Factory()
            RiskFactory(process=ProcessFactory())

    client.force_login(auditor_user)
    grow(1)
    _as_of(client, register, timezone.localdate())
    with CaptureQueriesContext(connection) as small:
        _as_of(client, register, timezone.localdate())
    grow(4)
    with CaptureQueriesContext(connection) as large:
        response = _as_of(client, register, timezone.localdate())
    assert len(response.context["rows"]) == 5
    assert len(large) == len(small)
