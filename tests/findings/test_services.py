import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from findings import notifications, services
from findings.engine import run_checks
from findings.models import Finding
from reviews import services as review_services
from tests.factories import UserFactory
from tests.reviews.factories import held_review, plan_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _overdue_action(owner, title="Fix the gauge"):
    review = held_review()
    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    return review_services.action_create(
        decision=decision, title=title, owner=owner, due_date=TODAY - DAY, by=review.chair
    )


def test_an_accepted_finding_leaves_the_alerts_until_it_expires(quality_user):
    _overdue_action(UserFactory())
    run_checks(today=TODAY)
    finding = Finding.objects.get(rule_code="REV-ACTION-OVERDUE")
    services.finding_accept(
        finding=finding,
        reason="Gauge supplier is on strike this month",
        until=TODAY + 7 * DAY,
        by=quality_user,
    )
    assert not Finding.objects.alerting(TODAY).filter(pk=finding.pk).exists()
    assert Finding.objects.accepted(TODAY + 7 * DAY).filter(pk=finding.pk).exists()
    assert Finding.objects.alerting(TODAY + 8 * DAY).filter(pk=finding.pk).exists()
    record = finding.history.first()
    assert record.history_user == quality_user and "Accepted until" in record.history_change_reason


def test_acceptance_needs_a_reason_and_a_near_future_date(quality_user):
    _overdue_action(UserFactory())
    run_checks(today=TODAY)
    finding = Finding.objects.get(rule_code="REV-ACTION-OVERDUE")
    for reason, until in [
        ("", TODAY + DAY),
        ("A good enough reason", TODAY),
        ("A good enough reason", TODAY + 400 * DAY),
    ]:
        with pytest.raises(ValidationError):
            services.finding_accept(finding=finding, reason=reason, until=until, by=quality_user)
    finding.refresh_from_db()
    assert finding.accepted_until is None


def test_digest_goes_once_a_day_to_each_owner_with_text_and_html(settings):
    owner = UserFactory(email="owner@example.com")
    UserFactory(role="top", email="ceo@example.com")
    _overdue_action(owner, "Fix the gauge")
    _overdue_action(owner, "Retrain the night shift")
    run_checks(today=TODAY)
    mail.outbox.clear()
    sent = notifications.send_digests(today=TODAY)
    assert sent == len(mail.outbox) > 1
    to_owner = [m for m in mail.outbox if m.to == ["owner@example.com"]]
    assert len(to_owner) == 1
    digest = to_owner[0]
    assert "2 open finding(s) for you" in digest.subject
    assert "Fix the gauge" in digest.body and "Retrain the night shift" in digest.body
    html = digest.alternatives[0][0]
    assert reverse("findings:list") in html and "<li>" in html
    assert any(m.to == ["ceo@example.com"] and "summary" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    assert notifications.send_digests(today=TODAY) == 0
    assert mail.outbox == []


def test_an_accepted_finding_is_not_mailed(quality_user):
    owner = UserFactory(email="owner@example.com")
    _overdue_action(owner)
    run_checks(today=TODAY)
    services.finding_accept(
        finding=Finding.objects.get(rule_code="REV-ACTION-OVERDUE"),
        reason="Known and accepted",
        until=TODAY + DAY,
        by=quality_user,
    )
    mail.outbox.clear()
    notifications.send_digests(today=TODAY)
    assert not [m for m in mail.outbox if m.to == ["owner@example.com"]]


def test_a_review_becoming_overdue_is_mailed_at_once(django_capture_on_commit_callbacks):
    leader = UserFactory(role="top", email="ceo@example.com")
    plan_review(chair=leader, planned_date=TODAY - DAY, title="Spring review")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(today=TODAY)
    urgent = [m for m in mail.outbox if "overdue" in m.subject]
    assert [m.to for m in urgent] == [["ceo@example.com"]]
    assert "Spring review" in urgent[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(today=TODAY)
    assert mail.outbox == []  # the finding is not new any more


def test_run_checks_command_prints_a_summary():
    plan_review(planned_date=TODAY - DAY)
    out = io.StringIO()
    call_command("run_checks", stdout=out)
    text = out.getvalue()
    assert "Opened 1" in text and "REV-PLANNED-PASSED" in text and "needing attention: 1" in text


def test_findings_page_filters_and_navigation_count(client, auditor_user):
    plan_review(planned_date=TODAY - DAY, title="Spring review")
    _overdue_action(UserFactory(), "Fix the gauge")
    services.scan(today=TODAY)  # the navigation count reads the tally a scan writes
    client.force_login(auditor_user)
    page = client.get(reverse("findings:list")).content.decode()
    assert "Spring review" in page and "Fix the gauge" in page
    assert f'data-testid="findings-count">{Finding.objects.alerting(TODAY).count()}<' in page
    filtered = client.get(reverse("findings:list"), {"rule_code": "REV-ACTION-OVERDUE"}).content.decode()
    assert "Fix the gauge" in filtered and "Spring review" not in filtered
    resolved = client.get(reverse("findings:list"), {"state": "resolved"}).content.decode()
    assert "Fix the gauge" not in resolved


def test_a_finding_shows_on_its_subjects_page(client, auditor_user):
    review = plan_review(planned_date=TODAY - DAY, title="Spring review")
    run_checks(today=TODAY)
    client.force_login(auditor_user)
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'data-testid="subject-findings"' in page
    assert "past its planned date" in page


def test_many_urgent_findings_give_one_mail_per_person_with_the_true_count(
    django_capture_on_commit_callbacks,
):
    leader = UserFactory(role="top", email="ceo@example.com")
    chair = UserFactory(role="quality", email="chair@example.com")
    for i in range(notifications.URGENT_LISTED + 5):
        plan_review(chair=leader if i % 5 else chair, planned_date=TODAY - DAY, title=f"Review {i:02d}")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.scan(today=TODAY)
    urgent = Finding.objects.filter(rule_code="REV-PLANNED-PASSED")
    assert run.opened >= urgent.count() == 25
    by_person = {m.to[0]: m for m in mail.outbox if "urgent" in m.subject}
    assert set(by_person) == {"ceo@example.com", "chair@example.com"}
    summary = by_person["ceo@example.com"]
    assert "25 urgent findings" in summary.subject
    assert summary.body.count("What to do:") == notifications.URGENT_LISTED and "and 5 more" in summary.body
    assert by_person["chair@example.com"].body.count("What to do:") == 5
