"""The audit pack's sections built on evidence, actions, policy acknowledgements, objectives and findings."""

import csv
import datetime
import hashlib
import io
import zipfile
from decimal import Decimal

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commitments.models import (
    Attachment,
    Edition,
    Evidence,
    LeadershipAction,
    PolicyVersion,
    Responsibility,
)
from commitments.selectors_policy import acknowledging_population
from findings.models import Finding
from objectives.models import Measurement, Objective
from reports import auditpack, packaging, store
from reports.auditpack import Period
from tests.commitments.factories import (
    AttachmentFactory,
    EvidenceFactory,
    LeadershipActionFactory,
    active_responsibility,
)
from tests.factories import UserFactory
from tests.objectives.factories import MeasurementFactory, ObjectiveOf2026Factory
from tests.reports.factories import PolicyVersionFactory, backdate_history, finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
BOARD_MINUTES = b"Board meeting, 12 March 2026: capacity plan approved."
OLD_NOTES = b"Town hall, October 2025."


def _aware(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def _file(name: str, content: bytes) -> dict:
    return {
        "file": factory.django.FileField(filename=name, data=content),
        "original_name": name,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def _finding(label: str, first_seen: datetime.datetime, **fields) -> Finding:
    return finding(active_responsibility("d"), label, rule_code="RESP-STALE", first_seen=first_seen, **fields)


@pytest.fixture
def known_data():
    """Evidence, actions, objectives, findings and a policy version in and out of the first half of 2026."""
    ceo = UserFactory(username="ceo-h", first_name="Helen", last_name="Marsh", role="top")
    board = EvidenceFactory(
        title="Board minutes March",
        fact_date=datetime.date(2026, 3, 12),
        responsibilities=[active_responsibility("a"), active_responsibility("c")],
    )
    AttachmentFactory(evidence=board, **_file("board-march.pdf", BOARD_MINUTES))
    old = EvidenceFactory(title="Old town hall", fact_date=datetime.date(2025, 10, 1))
    AttachmentFactory(evidence=old, **_file("old.pdf", OLD_NOTES))
    EvidenceFactory(title="Withdrawn memo", fact_date=datetime.date(2026, 2, 1), archived_at=timezone.now())
    S = LeadershipAction.Status
    b = active_responsibility("b")
    LeadershipActionFactory(
        responsibility=b,
        owner=ceo,
        title="Approve the capacity plan",
        due_date=datetime.date(2026, 4, 30),
        status=S.DONE,
        completed_on=datetime.date(2026, 4, 20),
        completion_note="Approved at the board",
    )
    LeadershipActionFactory(
        responsibility=b, title="Still late from last year", due_date=datetime.date(2025, 12, 1)
    )
    LeadershipActionFactory(responsibility=b, title="Autumn plan", due_date=datetime.date(2026, 9, 1))
    otd = ObjectiveOf2026Factory(ref="OBJ-OTD", title="On-time delivery", owner=ceo)
    for day, value in [((2026, 2, 1), "82"), ((2026, 5, 1), "86"), ((2026, 8, 1), "88")]:
        MeasurementFactory(objective=otd, measured_on=datetime.date(*day), value=Decimal(value))
    Objective.objects.filter(pk=otd.pk).update(
        progress=Objective.Progress.AT_RISK, latest_value=Decimal("88")
    )
    ObjectiveOf2026Factory(
        ref="OBJ-OLD", start_date=datetime.date(2025, 1, 1), due_date=datetime.date(2025, 6, 30)
    )
    _finding("Resolved gap", _aware(2026, 3, 1, 6), resolved_at=_aware(2026, 3, 20, 6))
    _finding(
        "Accepted gap",
        _aware(2026, 4, 1, 6),
        accepted_until=datetime.date(2026, 12, 31),
        acceptance_reason="Supplier audit moved to the autumn",
        accepted_by=ceo,
    )
    _finding("Last year's gap", _aware(2025, 11, 1, 6), resolved_at=_aware(2025, 11, 5, 6))
    version = PolicyVersionFactory(
        number=5, title="Quality policy 2026", approved_on=datetime.date(2026, 2, 1)
    )
    PolicyVersion.objects.filter(pk=version.pk).update(acknowledgement_count=3)
    # The actions were recorded on 5 January 2026, and open from then on.
    backdate_history(LeadershipAction, LOADED)
    return ceo


def _period(period=PERIOD) -> Period:
    return Period(datetime.date.fromisoformat(period["start"]), datetime.date.fromisoformat(period["end"]))


def _parts(period=PERIOD, as_of=None) -> dict:
    pack = auditpack.build(_period(period), as_of)
    return {s.key: data for s, data in pack.parts}


def _zip(period=PERIOD) -> zipfile.ZipFile:
    with store.get_or_build(_period(period), None).open_zip() as f:
        return zipfile.ZipFile(io.BytesIO(f.read()))


def test_sections_come_in_the_order_an_auditor_reads_them():
    keys = [s.key for s in auditpack.SECTIONS]
    assert keys == [
        "responsibilities",
        "leadership_acts",
        "policy",
        "traceability",
        "objectives",
        "evidence",
        "recent_entries",
        "actions",
        "reviews",
        "registers",
        "resources",
        "findings",
        "history",
    ]


def test_evidence_section_holds_the_evidence_of_the_period_per_responsibility(known_data):
    items = {i["responsibility"].code: i["evidence"] for i in _parts()["evidence"]["items"]}
    assert list(items) == list("abcdefghij")
    assert [e.title for e in items["a"]] == ["Board minutes March"]
    assert [e.title for e in items["c"]] == ["Board minutes March"]
    assert items["b"] == []
    (board,) = items["a"]
    (attachment,) = board.attachments.all()
    assert attachment.sha256 == hashlib.sha256(BOARD_MINUTES).hexdigest()


def test_actions_section_holds_every_action_open_in_the_period_whatever_its_due_date(known_data):
    (item,) = _parts()["actions"]["items"]
    assert item["responsibility"].code == "b"
    assert [a.title for a in item["actions"]] == [
        "Still late from last year",
        "Approve the capacity plan",
        "Autumn plan",
    ]
    assert [a.due_after_period for a in item["actions"]] == [False, False, True]


def test_an_action_closed_before_the_period_or_recorded_after_it_is_left_out(known_data):
    b = active_responsibility("b")
    LeadershipActionFactory(
        responsibility=b,
        title="Closed last year",
        due_date=datetime.date(2025, 11, 1),
        status=LeadershipAction.Status.DONE,
        completed_on=datetime.date(2025, 11, 1),
        completion_note="done",
    ).history.update(history_date=_aware(2025, 10, 1, 9))
    LeadershipActionFactory(
        responsibility=b, title="Recorded in November", due_date=datetime.date(2026, 3, 1)
    )
    titles = [a.title for item in _parts()["actions"]["items"] for a in item["actions"]]
    assert "Closed last year" not in titles and "Recorded in November" not in titles


def test_policy_section_gives_the_acknowledgement_rate_among_active_users(known_data):
    (version,) = _parts()["policy"]["versions"]
    population = acknowledging_population().count()
    assert version["acknowledgement"].acknowledged == 3
    assert version["acknowledgement"].population == population
    assert version["acknowledgement"].percent == round(100 * min(3, population) / population)


def test_objectives_section_gives_each_running_objective_its_series_in_the_period(known_data):
    (item,) = _parts()["objectives"]["items"]
    assert item["objective"].ref == "OBJ-OTD"
    assert item["objective"].get_progress_display() == "At risk"
    assert [(m.measured_on.month, m.value) for m in item["measurements"]] == [
        (2, Decimal("82")),
        (5, Decimal("86")),
    ]


def test_findings_section_says_how_each_finding_of_the_period_ended(known_data):
    findings = _parts()["findings"]["findings"]
    assert [f.subject_label for f in findings] == ["Resolved gap", "Accepted gap"]
    assert findings[0].resolved_at and findings[1].acceptance_reason == "Supplier audit moved to the autumn"


def test_pack_page_shows_every_new_section(client, auditor_user, known_data):
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack"), PERIOD).content.decode()
    assert "Board minutes March" in page and "Old town hall" not in page and "Withdrawn memo" not in page
    assert hashlib.sha256(BOARD_MINUTES).hexdigest() in page
    assert "Approve the capacity plan" in page and "Autumn plan" in page and "(after the period)" in page
    assert "Acknowledged by 3 of" in page
    assert "OBJ-OTD" in page and "OBJ-OLD" not in page
    assert "Supplier audit moved to the autumn" in page and "Last year&#x27;s gap" not in page


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_pdf_names_every_responsibility_and_the_evidence_of_the_period(known_data):
    with store.get_or_build(_period(), None).open_pdf() as f:
        text = _pdf_text(f.read())
    for title in Responsibility.objects.of_active_edition().values_list("title", flat=True):
        assert " ".join(title.split()) in text, title
    assert "Board minutes March" in text and "Old town hall" not in text
    assert "Approve the capacity plan" in text and "Supplier audit moved to the autumn" in text


def test_zip_carries_the_evidence_files_of_the_period_with_a_manifest_that_verifies(known_data):
    archive = _zip()
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"], row["file"]
    evidence_files = [row for row in manifest if row["file"].startswith("evidence/")]
    (row,) = evidence_files
    assert row["file"].endswith("-board-march.pdf")
    assert archive.read(row["file"]) == BOARD_MINUTES
    assert row["sha256"] == hashlib.sha256(BOARD_MINUTES).hexdigest()
    assert "Board minutes March" in row["record"] and "items a, c" in row["record"]
    assert not any(name.endswith("old.pdf") for name in archive.namelist())
    # The page and the PDF name the same place in the ZIP.
    assert row["file"] in _pdf_text(archive.read("audit-pack.pdf")).replace(" ", "")


def test_a_file_name_cannot_escape_its_folder_in_the_zip():
    evidence = EvidenceFactory(title="Odd name", fact_date=datetime.date(2026, 3, 1))
    AttachmentFactory(evidence=evidence, **_file("../../etc/passwd", b"not really"))
    archive = _zip()
    (name,) = [n for n in archive.namelist() if n.startswith("evidence/") and n != "evidence/"]
    assert "../" not in name and name.count("/") == 2


def _grow(n: int) -> None:
    ceo = UserFactory(role="top")
    for i in range(n):
        day = datetime.date(2026, 2, 1) + datetime.timedelta(days=i)
        evidence = EvidenceFactory(
            fact_date=day, responsibilities=[active_responsibility("abcdefghij"[i % 10])]
        )
        AttachmentFactory(evidence=evidence, **_file(f"file-{i}.pdf", f"content {i}".encode()))
        LeadershipActionFactory(owner=ceo, due_date=day)
        objective = ObjectiveOf2026Factory(owner=UserFactory())
        MeasurementFactory(objective=objective, measured_on=day)
        _finding(f"Gap {i}", _aware(2026, 2, 1 + i, 6), resolved_at=_aware(2026, 3, 1, 6), accepted_by=ceo)


def _write_zip(tmp_path) -> None:
    pack = auditpack.build(_period(), limit=auditpack.PDF_LIMIT)
    packaging.write_bundle(pack, tmp_path / "pack.zip")


def test_pack_page_and_zip_run_the_same_queries_at_two_data_sizes(client, auditor_user, tmp_path):
    client.force_login(auditor_user)
    _grow(1)
    client.get(reverse("reports:audit_pack"), PERIOD)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as page_small:
        client.get(reverse("reports:audit_pack"), PERIOD)
    with CaptureQueriesContext(connection) as zip_small:
        _write_zip(tmp_path)
    _grow(5)
    with CaptureQueriesContext(connection) as page_large:
        client.get(reverse("reports:audit_pack"), PERIOD)
    with CaptureQueriesContext(connection) as zip_large:
        _write_zip(tmp_path)
    assert len(page_large) == len(page_small)
    assert len(zip_large) == len(zip_small)


DAY_D = datetime.date(2026, 5, 1)
LOADED = _aware(2026, 1, 5, 9)


def test_pack_as_of_d_shows_the_records_as_they_stood_then(known_data):
    """Everything above was recorded on 5 January; after D the target moved and evidence was added."""
    for model in (
        Edition,
        Responsibility,
        Evidence,
        Attachment,
        LeadershipAction,
        Objective,
        Measurement,
        Finding,
    ):
        backdate_history(model, LOADED)
    objective = Objective.objects.get(ref="OBJ-OTD")
    objective.target = Decimal("97")
    objective._change_reason = "Target raised after the customer review"
    objective.save()
    EvidenceFactory(title="Recorded after D", fact_date=datetime.date(2026, 3, 1))
    period = {"start": "2026-01-01", "end": "2026-04-30"}
    past, live = _parts(period, as_of=DAY_D), _parts(period)
    assert past["objectives"]["items"][0]["objective"].target == Decimal("90")
    assert live["objectives"]["items"][0]["objective"].target == Decimal("97")
    assert _titles(past) == {"Board minutes March"}
    assert _titles(live) == {"Board minutes March", "Recorded after D"}
    # As of D the evidence keeps its two responsibilities and its file, rebuilt from history.
    by_item = {i["responsibility"].code: i["evidence"] for i in past["evidence"]["items"]}
    assert [e.title for e in by_item["a"]] == [e.title for e in by_item["c"]] == ["Board minutes March"]
    assert [a.original_name for a in by_item["c"][0].attachments.all()] == ["board-march.pdf"]
    # Progress as of D: the rule applied to the values recorded by then (82 on 1 February).
    assert past["objectives"]["items"][0]["objective"].latest_value == Decimal("82")


def _titles(parts: dict) -> set[str]:
    return {e.title for item in parts["evidence"]["items"] for e in item["evidence"]}


def test_a_file_missing_from_storage_is_listed_rather_than_breaking_the_zip():
    evidence = EvidenceFactory(title="Lost scan", fact_date=datetime.date(2026, 3, 1))
    attachment = AttachmentFactory(evidence=evidence, **_file("scan.pdf", b"scan"))
    attachment.file.storage.delete(attachment.file.name)
    archive = _zip()
    missing = list(csv.DictReader(io.StringIO(archive.read("missing-files.csv").decode())))
    assert [row["record"] for row in missing] == [
        f"Evidence {evidence.pk}, Lost scan, dated 01 Mar 2026 (items a): scan.pdf"
    ]
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    files = [row["file"] for row in manifest]
    assert "missing-files.csv" in files and not any(f.startswith("evidence/") for f in files)
