import csv
import datetime
import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commitments.models import PolicyVersion, Responsibility
from reports import auditpack, packaging
from reports.auditpack import PackFile, Period, Section
from reviews import services
from tests.factories import UserFactory
from tests.reports.factories import PolicyVersionFactory
from tests.reviews.factories import ReviewActionFactory, held_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
IN_PERIOD = timezone.make_aware(datetime.datetime(2026, 4, 2, 10, 0))


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
        ReviewActionFactory(decision=decision, title=f"Action of the {title.lower()}", owner=ceo)
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


def _pack(period=PERIOD):
    return auditpack.build(
        Period(datetime.date.fromisoformat(period["start"]), datetime.date.fromisoformat(period["end"]))
    )


def test_pack_holds_the_reviews_held_in_the_period_only(known_data):
    data = dict((s.key, d) for s, d in _pack().parts)
    titles = [item["review"].title for item in data["reviews"]["reviews"]]
    assert titles == ["Spring review"]
    spring = data["reviews"]["reviews"][0]
    assert [d["decision"].description for d in spring["decisions"]] == ["Decision of the spring review"]
    assert [a.title for a in spring["decisions"][0]["actions"]] == ["Action of the spring review"]


def test_pack_holds_the_policy_versions_in_force_during_the_period(known_data):
    data = dict((s.key, d) for s, d in _pack().parts)
    assert [item["version"].number for item in data["policy"]["versions"]] == [2, 3]
    assert data["policy"]["versions"][1]["version"].approved_by == known_data


def test_pack_lists_every_responsibility_with_its_owner(known_data):
    data = dict((s.key, d) for s, d in _pack().parts)
    rows = data["responsibilities"]["responsibilities"]
    assert [r.code for r in rows] == list("abcdefghij")
    assert rows[0].owner == known_data and rows[1].owner is None


def test_history_extract_keeps_the_changes_made_in_the_period_with_who_and_why(known_data):
    data = dict((s.key, d) for s, d in _pack().parts)
    changes = data["history"]["changes"]
    assert len(changes) == 1
    assert changes[0]["record"].endswith("Accountable for QMS effectiveness")
    assert changes[0]["user"] == known_data
    assert changes[0]["reason"] == "Owner named at the leadership meeting"
    # Today's changes (the reviews above) belong to a period that includes today.
    today = timezone.localdate()
    recent = _pack({"start": (today - datetime.timedelta(days=1)).isoformat(), "end": today.isoformat()})
    recent_changes = dict((s.key, d) for s, d in recent.parts)["history"]["changes"]
    assert any(c["reason"] == "Decision recorded" for c in recent_changes)
    assert recent_changes == sorted(recent_changes, key=lambda c: c["when"], reverse=True)


def test_history_extract_is_capped(known_data, monkeypatch):
    monkeypatch.setattr(auditpack, "HISTORY_CAP", 3)
    today = timezone.localdate()
    pack = _pack({"start": (today - datetime.timedelta(days=1)).isoformat(), "end": today.isoformat()})
    history = dict((s.key, d) for s, d in pack.parts)["history"]
    assert len(history["changes"]) == 3 and history["truncated"]


def test_pack_page_shows_the_period_and_its_sections(client, auditor_user, known_data):
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack"), PERIOD).content.decode()
    assert "Spring review" in page and "Autumn review" not in page and "Old review" not in page
    assert "Policy three" in page and "Policy one" not in page
    assert "Owner named at the leadership meeting" in page
    assert "audit-pack.zip?start=2026-01-01" in page


def test_pack_page_defaults_to_the_last_twelve_months(client, auditor_user):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack"))
    default = Period.last_twelve_months(timezone.localdate())
    assert response.context["pack"].period == default
    assert (default.end - default.start).days in (364, 365)


def test_an_inverted_period_is_refused_with_a_message(client, auditor_user):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack"), {"start": "2026-06-30", "end": "2026-01-01"})
    assert "The period must start before it ends." in response.content.decode()


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_contains_every_responsibility_and_a_table_of_contents(client, auditor_user, known_data):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack_pdf"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="audit-pack-20260101-20260630.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response.content)
    for title in Responsibility.objects.of_active_edition().values_list("title", flat=True):
        assert " ".join(title.split()) in " ".join(text.split()), title
    assert "Contents" in text and "Spring review" in text and "Autumn review" not in text
    # The contents give each section's page number (sections start on their own page).
    first_page = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert re.search(r"Leadership responsibilities \.+ 2\b", first_page), first_page
    assert re.search(r"Management reviews held \.+ \d+", first_page)


def _verify(archive: zipfile.ZipFile) -> list[dict]:
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"], row["file"]
    return manifest


def test_zip_carries_the_pdf_an_evidence_folder_and_a_manifest_that_verifies(
    client, auditor_user, known_data
):
    client.force_login(auditor_user)
    response = client.get(reverse("reports:audit_pack_zip"), PERIOD)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(archive.namelist()) == {"audit-pack.pdf", "evidence/", "manifest.csv"}
    manifest = _verify(archive)
    assert [row["file"] for row in manifest] == ["audit-pack.pdf"]
    assert "Spring review" in _pdf_text(archive.read("audit-pack.pdf"))


def test_files_listed_by_a_section_join_the_zip_and_the_manifest(monkeypatch, tmp_path):
    """How evidence attachments plug in: a section lists PackFile rows pointing at stored files."""
    name = default_storage.save("evidence/site-visit.txt", ContentFile(b"Gemba walk notes, 12 March"))
    stored = default_storage.open(name)

    def evidence(period, as_of):
        return {"files": [PackFile("a/site-visit.txt", stored, "Evidence: gemba walk (item a)")]}

    sections = [
        *auditpack.SECTIONS,
        Section("evidence", "Evidence", evidence, "reports/pack/_history.html", "x"),
    ]
    monkeypatch.setattr(auditpack, "SECTIONS", sections)
    target = tmp_path / "pack.zip"
    packaging.write_zip(_pack(), target)
    with zipfile.ZipFile(target) as archive:
        manifest = _verify(archive)
        assert archive.read("evidence/a/site-visit.txt") == b"Gemba walk notes, 12 March"
    assert manifest[1] == {
        "file": "evidence/a/site-visit.txt",
        "sha256": hashlib.sha256(b"Gemba walk notes, 12 March").hexdigest(),
        "record": "Evidence: gemba walk (item a)",
    }


def test_section_registry_places_a_new_section_after_its_anchor(monkeypatch):
    monkeypatch.setattr(auditpack, "SECTIONS", list(auditpack.SECTIONS))
    auditpack.section(
        "objectives", "Objectives", permission="commitments.view_responsibility", after="policy"
    )(lambda period, as_of: {})
    keys = [s.key for s in auditpack.SECTIONS]
    assert keys.index("objectives") == keys.index("policy") + 1


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
