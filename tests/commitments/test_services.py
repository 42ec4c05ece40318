"""Evidence and action services: stored register figures, archiving, history, legal transitions."""

import datetime

import pytest
from celery.schedules import crontab
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments.models import Evidence, LeadershipAction, Responsibility
from commitments.services import actions as action_services
from commitments.services import evidence as evidence_services
from commitments.services import status as status_services
from commitments.tasks import recompute_responsibility_status
from qms_leadership.celery import app
from tests.commitments.factories import EvidenceFactory, LeadershipActionFactory, active_responsibility

TODAY = timezone.localdate


def _record(by, *, days_ago=0, codes=("a",), **extra):
    return evidence_services.evidence_create(
        title="Board minutes",
        kind=Evidence.Kind.MEETING_MINUTES,
        fact_date=TODAY() - datetime.timedelta(days=days_ago),
        responsibilities=[active_responsibility(c) for c in codes],
        by=by,
        **extra,
    )


@pytest.mark.django_db
def test_recording_evidence_turns_the_responsibility_green(quality_user):
    _record(quality_user, days_ago=3, codes=("a", "b"))
    a = active_responsibility("a")
    assert (a.status, a.fresh_evidence_count, a.last_evidence_on) == (
        Responsibility.Status.GREEN,
        1,
        TODAY() - datetime.timedelta(days=3),
    )
    assert active_responsibility("b").status == Responsibility.Status.GREEN
    assert active_responsibility("c").status == Responsibility.Status.RED


@pytest.mark.django_db
def test_evidence_history_records_who_recorded_it(top_user):
    evidence = _record(top_user)
    record = evidence.history.earliest()
    assert record.history_user == top_user
    assert record.history_change_reason == "Evidence recorded"


@pytest.mark.django_db
def test_future_fact_date_is_refused(quality_user):
    with pytest.raises(ValidationError):
        _record(quality_user, days_ago=-1)
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_evidence_needs_a_responsibility(quality_user):
    with pytest.raises(ValidationError, match="at least one responsibility"):
        evidence_services.evidence_create(
            title="x", kind="other", fact_date=TODAY(), responsibilities=[], by=quality_user
        )


@pytest.mark.django_db
def test_archiving_evidence_keeps_it_records_why_and_turns_the_status_red(quality_user):
    evidence = _record(quality_user)
    evidence_services.evidence_archive(evidence=evidence, reason="Recorded twice", by=quality_user)
    evidence.refresh_from_db()
    assert Evidence.objects.archived().get() == evidence
    assert not Evidence.objects.active().exists()
    assert (evidence.archived_by, evidence.archive_reason) == (quality_user, "Recorded twice")
    latest = evidence.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (quality_user, "Archived: Recorded twice")
    assert active_responsibility("a").status == Responsibility.Status.RED


@pytest.mark.django_db
def test_archiving_needs_a_reason(quality_user):
    evidence = _record(quality_user)
    with pytest.raises(ValidationError):
        evidence_services.evidence_archive(evidence=evidence, reason=" ", by=quality_user)
    assert Evidence.objects.active().exists()


@pytest.mark.django_db
def test_correcting_evidence_moves_the_figures_between_responsibilities(quality_user):
    evidence = _record(quality_user, codes=("a",))
    evidence_services.evidence_update(
        evidence=evidence, responsibilities=[active_responsibility("b")], title="Corrected", by=quality_user
    )
    assert active_responsibility("a").status == Responsibility.Status.RED
    assert active_responsibility("b").status == Responsibility.Status.GREEN
    assert evidence.history.latest().history_change_reason == "Evidence corrected"


@pytest.mark.django_db
def test_an_overdue_action_turns_the_responsibility_amber(quality_user, top_user):
    _record(quality_user)
    action_services.action_create(
        responsibility=active_responsibility("a"),
        title="Brief the board",
        owner=top_user,
        due_date=TODAY() - datetime.timedelta(days=1),
        by=quality_user,
    )
    a = active_responsibility("a")
    assert (a.status, a.open_action_count, a.overdue_action_count) == (Responsibility.Status.AMBER, 1, 1)


@pytest.mark.django_db
def test_the_daily_task_ages_evidence_that_no_write_touched(quality_user):
    EvidenceFactory(fact_date=TODAY() - datetime.timedelta(days=100))
    Responsibility.objects.update(status=Responsibility.Status.GREEN)
    assert recompute_responsibility_status.apply().get(timeout=10) == Responsibility.objects.count()
    assert active_responsibility("a").status == Responsibility.Status.RED


@pytest.mark.django_db
def test_recompute_runs_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(5):
        EvidenceFactory()
    with django_assert_num_queries(7):
        status_services.responsibility_recompute()
    for _ in range(20):
        EvidenceFactory()
    with django_assert_num_queries(7):
        status_services.responsibility_recompute()


@pytest.mark.django_db
def test_owner_marks_own_action_done_with_a_note(top_user):
    action = LeadershipActionFactory(owner=top_user)
    action_services.action_transition(action=action, status="done", note="Board briefed", by=top_user)
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.completion_note) == ("done", TODAY(), "Board briefed")
    assert action.history.latest().history_user == top_user


@pytest.mark.django_db
def test_done_needs_a_completion_note(top_user):
    action = LeadershipActionFactory(owner=top_user)
    with pytest.raises(ValidationError):
        action_services.action_transition(action=action, status="done", by=top_user)
    action.refresh_from_db()
    assert action.status == "planned"


@pytest.mark.django_db
def test_done_is_final(top_user):
    action = LeadershipActionFactory(owner=top_user)
    action_services.action_transition(action=action, status="done", note="ok", by=top_user)
    with pytest.raises(ValidationError, match="cannot become"):
        action_services.action_transition(action=action, status="in_progress", by=top_user)


@pytest.mark.django_db
def test_a_leader_cannot_change_someone_elses_action(top_user):
    action = LeadershipActionFactory()
    with pytest.raises(PermissionDenied):
        action_services.action_update(action=action, title="Mine now", by=top_user)
    with pytest.raises(PermissionDenied):
        action_services.action_transition(action=action, status="cancelled", by=top_user)
    action.refresh_from_db()
    assert action.status == "planned"


@pytest.mark.django_db
def test_a_leader_cannot_hand_their_action_to_someone_else(top_user, quality_user):
    action = LeadershipActionFactory(owner=top_user)
    with pytest.raises(PermissionDenied):
        action_services.action_update(action=action, owner=quality_user, by=top_user)


@pytest.mark.django_db
def test_quality_manager_archives_an_action_and_it_leaves_the_open_count(quality_user, top_user):
    action = LeadershipActionFactory(owner=top_user)
    status_services.responsibility_recompute()
    assert active_responsibility("a").open_action_count == 1
    action_services.action_archive(action=action, reason="Duplicate", by=quality_user)
    assert active_responsibility("a").open_action_count == 0
    assert LeadershipAction.objects.archived().count() == 1


@pytest.mark.django_db
def test_overdue_queryset_ignores_done_archived_and_future_actions(top_user):
    yesterday = TODAY() - datetime.timedelta(days=1)
    late = LeadershipActionFactory(due_date=yesterday)
    LeadershipActionFactory(due_date=TODAY())
    LeadershipActionFactory(due_date=yesterday, status="done", completed_on=yesterday, completion_note="x")
    LeadershipActionFactory(due_date=yesterday, archived_at=timezone.now())
    assert list(LeadershipAction.objects.overdue(TODAY())) == [late]


def test_beat_refreshes_the_register_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["commitments-recompute-status"]
    assert entry["task"] == "commitments.tasks.recompute_responsibility_status"
    assert isinstance(entry["schedule"], crontab)
    assert entry["task"] in app.tasks
