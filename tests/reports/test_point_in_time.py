import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Edition, Process, Responsibility
from core import pointintime
from reports import auditpack
from reports.auditpack import Period
from tests.factories import UserFactory
from tests.reports.factories import ProcessFactory, backdate_history

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

DAY_D = datetime.date(2026, 5, 1)
LOADED = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))
BEFORE_D = timezone.make_aware(datetime.datetime(2026, 4, 1, 9, 0))


@pytest.fixture
def changed_after_d():
    """Item a was owned by Helen with a 90-day cadence up to D; afterwards Priya took it over at 30 days."""
    helen = UserFactory(first_name="Helen", last_name="Marsh")
    priya = UserFactory(first_name="Priya", last_name="Raman")
    # As if the editions had been loaded before D.
    backdate_history(Responsibility, LOADED)
    backdate_history(Edition, LOADED)
    item = Responsibility.objects.of_active_edition().get(code="a")
    item.owner = helen
    item._history_date = BEFORE_D
    item.save()
    del item._history_date
    item.owner, item.evidence_cadence_days = priya, 30
    item._change_reason = "New owner after the reorganisation"
    item.save()
    return item


def test_register_as_of_d_shows_the_old_owner_and_cadence(client, auditor_user, changed_after_d):
    client.force_login(auditor_user)
    response = client.get(
        reverse("reports:as_of"), {"register": "responsibilities", "date": DAY_D.isoformat()}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    row_a = next(r for r in rows if r[2] == "a")
    assert row_a[4] == "Helen Marsh" and row_a[5] == 90
    assert [r[2] for r in rows] == list("abcdefghij")
    page = response.content.decode()
    assert "Helen Marsh" in page and "Priya Raman" not in page
    # Today the register says otherwise.
    today = client.get(
        reverse("reports:as_of"), {"register": "responsibilities", "date": timezone.localdate().isoformat()}
    )
    today_a = next(r for r in today.context["rows"] if r[2] == "a")
    assert today_a[4] == "Priya Raman" and today_a[5] == 30


def test_audit_pack_as_of_d_shows_the_old_owner(changed_after_d):
    period = Period(datetime.date(2026, 1, 1), DAY_D)
    past = dict((s.key, d) for s, d in auditpack.build(period, as_of=DAY_D).parts)
    live = dict((s.key, d) for s, d in auditpack.build(period).parts)
    assert past["responsibilities"]["responsibilities"][0].owner.get_full_name() == "Helen Marsh"
    assert past["responsibilities"]["responsibilities"][0].evidence_cadence_days == 90
    assert live["responsibilities"]["responsibilities"][0].owner.get_full_name() == "Priya Raman"


def test_audit_pack_page_as_of_d(client, auditor_user, changed_after_d):
    client.force_login(auditor_user)
    page = client.get(
        reverse("reports:audit_pack"), {"start": "2026-01-01", "end": "2026-05-01", "as_of": "2026-05-01"}
    ).content.decode()
    assert "as recorded on 1 May 2026" in page
    assert "Helen Marsh" in page and "Priya Raman" not in page


def test_processes_as_of_leave_out_those_created_later_and_show_old_names(client, auditor_user):
    kept = ProcessFactory(name="Machining")
    backdate_history(Process, LOADED)
    kept.name = "CNC machining"
    kept.save()
    ProcessFactory(name="Additive manufacturing")
    client.force_login(auditor_user)
    response = client.get(reverse("reports:as_of"), {"register": "processes", "date": DAY_D.isoformat()})
    assert [row[0] for row in response.context["rows"]] == ["Machining"]


def test_snapshot_attaches_related_objects_in_one_query_per_relation(
    changed_after_d, django_assert_num_queries
):
    when = pointintime.end_of_day(DAY_D)
    with django_assert_num_queries(2):  # the historical rows, then their owners
        rows = pointintime.snapshot(Responsibility, when, related=("owner",), edition__isnull=False)
    with django_assert_num_queries(0):
        assert {r.owner.get_full_name() for r in rows if r.owner} == {"Helen Marsh"}


def test_a_future_date_is_refused(client, auditor_user):
    client.force_login(auditor_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(reverse("reports:as_of"), {"register": "processes", "date": tomorrow.isoformat()})
    assert response.context["register"] is None
    assert "Choose today or a past date." in response.content.decode()


def test_end_of_day_includes_that_days_changes():
    moment = pointintime.end_of_day(DAY_D)
    assert timezone.localtime(moment).date() == DAY_D
    assert timezone.localtime(
        moment + datetime.timedelta(microseconds=1)
    ).date() == DAY_D + datetime.timedelta(1)


def test_two_history_rows_saved_at_the_same_moment_give_one_row_the_last_written():
    item = Responsibility.objects.of_active_edition().get(code="b")
    item._history_date = BEFORE_D
    for cadence in (45, 60):
        item.evidence_cadence_days = cadence
        item.save()
    rows = pointintime.snapshot(Responsibility, pointintime.end_of_day(DAY_D), pk=item.pk)
    assert [r.evidence_cadence_days for r in rows] == [60]


def test_past_register_page_runs_the_same_queries_at_two_data_sizes(client, auditor_user):
    client.force_login(auditor_user)
    query = {"register": "processes", "date": timezone.localdate().isoformat()}
    ProcessFactory()
    client.get(reverse("reports:as_of"), query)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reports:as_of"), query)
    for _ in range(5):
        ProcessFactory()
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("reports:as_of"), query)
    assert len(response.context["rows"]) == 6
    assert len(large) == len(small)


def test_a_past_register_is_paged_in_the_database_one_row_per_record(client, auditor_user):
    ProcessFactory.create_batch(55)
    for process in Process.objects.all()[:3]:
        process.purpose = "Changed twice"
        process.save()
    client.force_login(auditor_user)
    query = {"register": "processes", "date": timezone.localdate().isoformat()}
    first = client.get(reverse("reports:as_of"), query)
    second = client.get(reverse("reports:as_of"), {**query, "page": 2})
    assert first.context["page_obj"].paginator.count == 55
    names = [row[0] for row in first.context["rows"]] + [row[0] for row in second.context["rows"]]
    assert len(first.context["rows"]) == 50 and len(names) == 55 == len(set(names))
    assert names == sorted(Process.objects.values_list("name", flat=True))
