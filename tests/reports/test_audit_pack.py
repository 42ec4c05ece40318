import csv
import datetime
import hashlib
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commitments.models import PolicyVersion, Responsibility
from core import jobs
from core.models import Job
from core.reporting import SECTIONS
from reports import auditpack, packaging, store
from reports.auditpack import Period
from reports.jobs import PDF_KIND, ZIP_KIND
from reviews import services
from reviews.models import ManagementReview
from tests.factories import PASSWORD, UserFactory
from tests.reports.factories import PolicyVersionFactory
from tests.reviews.factories import ReviewActionFactory, conclude, held_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
IN_PERIOD = timezone.make_aware(datetime.datetime(2026, 4, 2, 10, 0))


def period_of(data=PERIOD) -> Period:
    return Period(datetime.date.fromisoformat(data["start"]), datetime.date.fromisoformat(data["end"]))


@pytest.fixture
def known_data():
    """Reviews and policy versions inside and outside the first half of 2026, and a dated change."""
    ceo = UserFactory(username="ceo-h", first_name="Helen", last_name="Marsh", role="top")
    for title, held_on in [
        ("Old review", datetime.date(2025, 11, 1)),
        ("Spring review", datetime.date(2026, 3, 10)),
        ("Autumn review", datetime.date(2026, 9, 1)),
    ]:
        review = held_review(chair=ceo, held_on=held_on, title=title)
        decision = services.decision_record(
            review=review, kind="improvement", description=f"Decision of the {title.lower()}", by=ceo
        )
        ReviewActionFactory(
            decision=decision,
            title=f"Action of the {title.lower()}",
            owner=ceo,
            due_date=held_on + datetime.timedelta(days=30),
            status="done",
            completed_on=held_on + datetime.timedelta(days=20),
        )
    S = PolicyVersion.Status
    PolicyVersionFactory(
        number=1,
        status=S.SUPERSEDED,
        approved_on=datetime.date(2024, 2, 1),
        superseded_on=datetime.date(2025, 6, 1),
        title="Policy one",
    )
    PolicyVersionFactory(
        number=2,
        status=S.SUPERSEDED,
        approved_on=datetime.date(2025, 6, 1),
        superseded_on=datetime.date(2026, 2, 1),
        title="Policy two",
    )
    PolicyVersionFactory(
        number=3,
        status=S.APPROVED,
        approved_on=datetime.date(2026, 2, 1),
        approved_by=ceo,
        title="Policy three",
    )
    PolicyVersionFactory(number=4, status=S.DRAFT, approved_on=None, approved_by=None, title="Policy four")
    item = Responsibility.objects.of_active_edition().get(code="a")
    item.owner = ceo
    item._history_user = ceo
    item._change_reason = "Owner named at the leadership meeting"
    item._history_date = IN_PERIOD
    item.save()
    return ceo


def _parts(period=PERIOD, limit=auditpack.WEB_LIMIT) -> dict:
    return {s.key: d for s, d in auditpack.build(period_of(period), limit=limit).parts}


def test_pack_holds_the_reviews_held_in_the_period_and_none_other(known_data):
    data = _parts()
    titles = [item["review"].title for item in data["reviews"]["reviews"]]
    assert titles == ["Spring review"]
    spring = data["reviews"]["reviews"][0]
    ((kind, decisions),) = spring["results"]
    assert kind == "Improvement opportunity"
    assert [d["decision"].description for d in decisions] == ["Decision of the spring review"]
    assert [a.title for a in decisions[0]["actions"]] == ["Action of the spring review"]
    assert {i.code for i in spring["inputs"]} >= {"a", "b", "f"}
    assert spring["attendees"] == [] and spring["review"].chair == known_data


def test_a_period_without_a_held_review_shows_the_last_one_before_it(known_data):
    data = _parts({"start": "2025-12-01", "end": "2026-02-28"})
    assert [item["review"].title for item in data["reviews"]["reviews"]] == ["Old review"]
    assert not data["reviews"]["reviews"][0]["held_in_period"]


def test_a_review_whose_actions_ran_in_the_period_is_listed_though_held_before(known_data):
    old = ManagementReview.objects.get(title="Old review")
    action = ReviewActionFactory(
        decision=old.decisions.get(),
        title="Open since November",
        owner=known_data,
        due_date=datetime.date(2026, 1, 15),
    )
    action.history.update(history_date=timezone.make_aware(datetime.datetime(2025, 11, 2, 9)))
    reviews = _parts({"start": "2025-12-01", "end": "2026-03-31"})["reviews"]["reviews"]
    # Spring is held in this period; the old review's action was still open in it.
    assert [item["review"].title for item in reviews] == ["Old review", "Spring review"]
    ((_, decisions),) = reviews[0]["results"]
    assert "Open since November" in [a.title for a in decisions[0]["actions"]]


def test_a_back_dated_review_shows_its_reason_and_recording_date(client, auditor_user, known_data):
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack"), PERIOD).content.decode()
    assert "Recorded late:</strong> Minutes typed up after the meeting" in page
    assert f"Recorded as held on {timezone.localdate().day} {timezone.localdate():%b %Y}" in page


def test_pack_holds_the_policy_versions_in_force_during_the_period(known_data):
    data = _parts()
    assert [item["version"].number for item in data["policy"]["versions"]] == [2, 3]
    assert data["policy"]["versions"][1]["version"].approved_by == known_data


def test_pack_lists_every_responsibility_with_its_owner(known_data):
    rows = _parts()["responsibilities"]["responsibilities"]
    assert [r.code for r in rows] == list("abcdefghij")
    assert rows[0].owner == known_data and rows[1].owner is None


def test_history_summarises_the_changes_of_the_period_per_register_and_person(known_data):
    history = _parts()["history"]
    (change,) = history["changes"]
    assert change["record"].endswith("Accountable for QMS effectiveness")
    assert change["user"] == known_data and change["reason"] == "Owner named at the leadership meeting"
    assert history["per_register"] == [("Responsibility", 1)]
    assert history["per_person"] == [("Helen Marsh", 1)]
    # Today's changes (the reviews above) belong to a period that includes today.
    today = timezone.localdate()
    recent = _parts({"start": (today - datetime.timedelta(days=1)).isoformat(), "end": today.isoformat()})
    changes = recent["history"]["changes"]
    assert any(c["reason"] == "Decision recorded" for c in changes)
    assert changes == sorted(changes, key=lambda c: c["when"], reverse=True)
    assert len(changes) == min(auditpack.WEB_LIMIT, recent["history"]["total"])


def test_pack_page_shows_the_period_and_its_sections(client, auditor_user, known_data):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack"), PERIOD)
    page = response.content.decode()
    assert "Spring review" in page and "Autumn review" not in page and "Old review" not in page
    assert "Policy three" in page and "Policy one" not in page
    assert "Owner named at the leadership meeting" in page
    for s in SECTIONS:
        assert f'data-testid="section-{s.key}"' in page, s.key
    # Nothing is built on the page: it offers to prepare the files in the background.
    assert 'data-testid="prepare-pack"' in page and "audit-pack.zip?" not in page


def test_pack_page_defaults_to_the_last_twelve_months(client, auditor_user):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack"))
    default = Period.last_twelve_months(timezone.localdate())
    assert response.context["pack"].period == default
    assert (default.end - default.start).days in (364, 365)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-06-30", "end": "2026-01-01"}, "The period must start before it ends."),
        ({"start": "2015-01-01", "end": "2026-06-30"}, "An audit pack covers at most 5 years"),
    ],
)
def test_a_period_out_of_bounds_is_refused_with_a_message(client, auditor_user, query, message):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack"), query)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")


def test_the_longest_period_is_a_setting(client, auditor_user, settings):
    settings.QMS_AUDIT_PACK_MAX_YEARS = 12
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack"), {"start": "2015-01-01", "end": "2026-06-30"})
    assert response.context["pack"].period == Period(datetime.date(2015, 1, 1), datetime.date(2026, 6, 30))


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _built(period=PERIOD, by=None) -> tuple[zipfile.ZipFile, bytes]:
    stored = store.get_or_build(period_of(period), None, by=by)
    with stored.open_zip() as f:
        archive = zipfile.ZipFile(io.BytesIO(f.read()))
    with stored.open_pdf() as f:
        return archive, f.read()


def test_pdf_has_a_cover_every_responsibility_and_a_table_of_contents(known_data):
    _, pdf = _built(by=known_data)
    text = _pdf_text(pdf)
    flat = " ".join(text.split())
    for title in Responsibility.objects.of_active_edition().values_list("title", flat=True):
        assert " ".join(title.split()) in flat, title
    assert "Contents" in text and "Spring review" in text and "Autumn review" not in text
    assert "Generated" in flat and "by Helen Marsh" in flat and "1 Jan 2026 to 30 Jun 2026" in flat
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert re.search(r"Management reviews \(9\.3\) \.+ \d+", first_page), first_page
    # Section names head their pages; numbers carry no trailing zeros.
    third = PdfReader(io.BytesIO(pdf)).pages[2].extract_text()
    assert third.splitlines()[0].startswith(("1. ", "2. ", "3. "))
    assert ".0000" not in flat


def _verify(archive: zipfile.ZipFile) -> list[dict]:
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"], row["file"]
    return manifest


def test_zip_manifest_verifies_and_holds_the_registers_and_the_full_history(known_data):
    item = Responsibility.objects.of_active_edition().get(code="a")
    item.owner, item.evidence_cadence_days = None, 60
    item._change_reason, item._history_date = "Cadence agreed", IN_PERIOD + datetime.timedelta(hours=1)
    item.save()
    archive, pdf = _built()
    manifest = _verify(archive)
    names = {row["file"] for row in manifest}
    for register in (
        "management_roles",
        "processes",
        "risks",
        "resource_requests",
        "policy_versions",
        "policy_communications",
        "policy_acknowledgement_rates",
        "context_check",
        "objectives",
        "measurements",
        "evidence",
        "leadership_actions",
        "management_reviews",
        "review_actions",
        "findings",
        "top_management_acts",
    ):
        assert f"registers/{register}.csv" in names and f"registers/{register}.xlsx" in names, register
    assert "registers/history.csv" in names
    assert archive.read("audit-pack.pdf") == pdf  # rendered once, the same file inside and outside
    history = list(csv.reader(io.StringIO(archive.read("registers/history.csv").decode("utf-8-sig"))))
    assert history[0][:3] == ["When", "Register", "Record id"]
    # Every change of the period, not a capped extract; values read as words.
    owner_change = [row for row in history if row[6] == "Owner named at the leadership meeting"]
    assert len(owner_change) == 1
    cadence = [row for row in history if row[6] == "Cadence agreed"]
    assert cadence[0][7] == "Evidence cadence days: 90 → 60; Owner: Helen Marsh → not set"
    minutes = [n for n in names if n.startswith("minutes/")]
    assert len(minutes) == 1 and minutes[0].startswith("minutes/review-")
    assert "Spring review" in _pdf_text(archive.read(minutes[0]))


def test_a_signed_off_review_is_packed_with_its_minutes_as_signed(known_data):
    review = ManagementReview.objects.get(title="Spring review")
    conclude(review)
    services.review_sign_off(review=review, by=known_data, password=PASSWORD)
    review.refresh_from_db()
    with review.signed_minutes.open("rb") as handle:
        signed = handle.read()
    archive, _ = _built()
    manifest = {row["file"]: row for row in _verify(archive)}
    (name,) = [n for n in manifest if n.startswith("minutes/")]
    assert archive.read(name) == signed
    assert manifest[name]["record"] == "Minutes of Spring review, as signed off"
    assert manifest[name]["sha256"] == review.signed_minutes_sha256


def test_a_signed_minutes_file_altered_in_storage_is_reported_as_changed(known_data):
    review = ManagementReview.objects.get(title="Spring review")
    conclude(review)
    services.review_sign_off(review=review, by=known_data, password=PASSWORD)
    review.refresh_from_db()
    with review.signed_minutes.open("wb") as handle:
        handle.write(b"%PDF- not what was signed")
    archive, _ = _built()
    changed = archive.read(packaging.CHANGED_NAME).decode()
    assert "Minutes of Spring review, as signed off" in changed


def test_a_table_of_more_cells_than_a_workbook_should_hold_is_packed_as_csv_only(known_data, monkeypatch):
    monkeypatch.setattr(packaging, "XLSX_MAX_CELLS", 30)
    archive, _ = _built()
    names = set(archive.namelist())
    # Policy versions: 3 rows in the period, more than 30 cells; the acknowledgement rates: 5 columns.
    assert "registers/policy_versions.csv" in names and "registers/policy_versions.xlsx" not in names
    assert "registers/policy_acknowledgement_rates.xlsx" in names


def test_cover_fingerprint_equals_the_manifests_hash(known_data):
    archive, pdf = _built()
    digest = hashlib.sha256(archive.read("manifest.csv")).hexdigest()
    assert digest in "".join(_pdf_text(pdf).split())
    fingerprint = archive.read("manifest.sha256").decode().splitlines()
    assert fingerprint[0] == f"{digest}  manifest.csv"
    assert fingerprint[1] == f"{hashlib.sha256(pdf).hexdigest()}  audit-pack.pdf"


def test_the_pack_is_built_once_per_period_and_data_version(known_data):
    first = store.get_or_build(period_of(), None)
    assert store.get_or_build(period_of(), None) == first
    assert store.find(period_of(), None) == first
    other = store.find(period_of({"start": "2026-01-01", "end": "2026-05-31"}), None)
    assert other is None
    PolicyVersionFactory(number=9, status=PolicyVersion.Status.DRAFT, approved_on=None, approved_by=None)
    assert store.find(period_of(), None) is None  # a recorded change makes a new data version
    assert store.get_or_build(period_of(), None).key != first.key


def test_pdf_and_zip_downloads_serve_the_stored_pack_or_send_back_to_prepare_it(
    client, auditor_user, known_data
):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack_pdf"), PERIOD)
    assert response.status_code == 302 and response["Location"].startswith(reverse("reports:audit_pack"))
    store.get_or_build(period_of(), None)
    page = client.get(reverse("reports:audit_pack"), PERIOD).content.decode()
    assert "audit-pack.zip?start=2026-01-01" in page
    response = client.get(reverse("reports:audit_pack_zip"), PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="audit-pack-20260101-20260630.zip"' in response["Content-Disposition"]
    pdf = client.get(reverse("reports:audit_pack_pdf"), PERIOD)
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_prepare_queues_the_pdf_and_zip_jobs_whose_files_download_from_my_downloads(
    client, auditor_user, known_data, django_capture_on_commit_callbacks
):
    client.force_login(auditor_user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("reports:audit_pack_prepare"), PERIOD)
    assert response.status_code == 302 and response["Location"] == reverse("reports:downloads")
    queued = list(Job.objects.filter(requested_by=auditor_user).order_by("kind"))
    assert [j.kind for j in queued] == [PDF_KIND, ZIP_KIND] and len(callbacks) == 2
    for job in queued:
        jobs.job_run(job_id=job.pk)  # what the worker does
    done = {j.kind: j for j in Job.objects.filter(requested_by=auditor_user)}
    assert all(j.status == Job.Status.DONE and j.progress == 100 for j in done.values())
    zip_bytes = b"".join(client.get(reverse("reports:download", args=[done[ZIP_KIND].pk])).streaming_content)
    pdf_bytes = b"".join(client.get(reverse("reports:download", args=[done[PDF_KIND].pk])).streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    _verify(archive)
    assert archive.read("audit-pack.pdf") == pdf_bytes


def test_prepare_refuses_a_period_out_of_bounds(client, auditor_user):
    client.force_login(auditor_user)
    response = client.post(
        reverse("reports:audit_pack_prepare"), {"start": "1900-01-01", "end": "2026-01-01"}
    )
    assert response.status_code == 302 and not Job.objects.exists()


def test_progress_is_reported_while_the_zip_is_written(known_data, tmp_path):
    seen = []
    pack = auditpack.build(period_of(), limit=auditpack.PDF_LIMIT)
    packaging.write_bundle(
        pack, tmp_path / "pack.zip", lambda done, total, message: seen.append((done, total))
    )
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)


def _grow(n: int) -> None:
    ceo = UserFactory(role="top")
    for i in range(n):
        review = held_review(chair=ceo, held_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=i))
        decision = services.decision_record(review=review, kind="improvement", description="More", by=ceo)
        ReviewActionFactory(decision=decision, owner=UserFactory())


def test_pack_page_runs_the_same_queries_at_two_data_sizes(client, auditor_user, django_assert_num_queries):
    client.force_login(auditor_user)
    _grow(1)
    client.get(reverse("reports:audit_pack"), PERIOD)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reports:audit_pack"), PERIOD)
    _grow(4)
    with django_assert_num_queries(len(small)):
        client.get(reverse("reports:audit_pack"), PERIOD)


def test_period_form_offers_the_default_dates_to_the_date_pickers(client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack")).content.decode()
    default = Period.last_twelve_months(timezone.localdate())
    assert f'value="{default.start.isoformat()}"' in page and f'value="{default.end.isoformat()}"' in page
