import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from findings.models import Finding
from reviews.models import ReviewSchedule
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect, no_body

DECIDERS = expect(top=302, quality=302)


def _finding(users):
    schedule = ReviewSchedule.objects.create(qms_started_on=datetime.date(2020, 1, 1))
    finding = Finding.objects.create(
        rule_code="REV-INTERVAL",
        severity="critical",
        subject_type=ContentType.objects.get_for_model(schedule),
        subject_id=schedule.pk,
        subject_label="Management review cycle",
        message="No review",
        first_seen_at=timezone.now(),
        last_seen_on=timezone.localdate(),
    )
    return {"pk": finding.pk}


def _accepted_finding(users):
    pk = _finding(users)["pk"]
    Finding.objects.filter(pk=pk).update(
        accepted_until=timezone.localdate() + datetime.timedelta(days=30),
        acceptance_reason="The review is planned for next month",
        accepted_by=users["top"],
        accepted_at=timezone.now(),
    )
    return {"pk": pk}


def _acceptance(users, kwargs):
    return {
        "reason": "The review is planned for next month",
        "until": timezone.localdate() + datetime.timedelta(days=30),
    }


ROUTES = [
    Route("findings:list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("findings:detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_finding),
    # POST with an empty form: the page comes back with what was typed and why; nothing changes.
    Route(
        "findings:accept",
        get=expect(top=405, quality=405),
        post=expect(top=400, quality=400),
        kwargs=_finding,
        valid_post=_acceptance,
    ),
    # The button is the whole form: withdrawing an acceptance needs no words.
    Route(
        "findings:withdraw",
        get=expect(top=405, quality=405),
        post=DECIDERS,
        kwargs=_accepted_finding,
        post_changes=frozenset({"top", "quality"}),
        valid_post=no_body,
    ),
    # Records a queued scan run; its message goes to the broker after commit, which the matrix's
    # transaction never reaches, so nothing is published.
    Route(
        "findings:run",
        get=expect(quality=405),
        post=expect(quality=302),
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
]
