"""The house formats and the readable history: what people see instead of raw stored values."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments.models import Evidence
from commitments.services import evidence as evidence_services
from core import formatting
from core.formatting import history_entries
from objectives.models import Objective
from tests.commitments.factories import LeadershipActionFactory, active_responsibility
from tests.factories import UserFactory


def test_numbers_lose_trailing_zeros_and_keep_their_unit():
    assert formatting.number_text(Decimal("95.0000"), "%") == "95 %"
    assert formatting.number_text(Decimal("14500.00")) == "14,500"
    assert formatting.number_text(Decimal("2.50"), "days") == "2.5 days"
    assert formatting.number_text(None) == "—"


def test_dates_and_moments_use_the_house_format():
    assert formatting.date_text(datetime.date(2026, 3, 7)) == "7 Mar 2026"
    moment = timezone.make_aware(datetime.datetime(2026, 3, 7, 14, 5, 33, 123456))
    assert formatting.datetime_text(moment) == "7 Mar 2026, 14:05"


@pytest.mark.django_db
def test_people_read_by_full_name_else_username():
    assert formatting.person(UserFactory(username="jdoe", first_name="Jane", last_name="Doe")) == "Jane Doe"
    assert formatting.person(UserFactory(username="ops", first_name="", last_name="")) == "ops"
    assert formatting.person(None) == "Not assigned"


def test_choice_labels_replace_stored_values():
    assert formatting.choice_label(Objective, "direction", Objective.Direction.INCREASE) == str(
        Objective.Direction.INCREASE.label
    )


@pytest.mark.django_db
def test_edited_evidence_history_reads_like_sentences(quality_user):
    editor = UserFactory(username="editor", first_name="Erin", last_name="Editor", role="quality")
    a, b = active_responsibility("a"), active_responsibility("b")
    action = LeadershipActionFactory(title="Walk the shop floor", responsibility=b)
    evidence = evidence_services.evidence_create(
        title="Board minutes",
        kind=Evidence.Kind.MEETING_MINUTES,
        fact_date=timezone.localdate() - datetime.timedelta(days=3),
        responsibilities=[a],
        by=quality_user,
    )
    evidence_services.evidence_update(
        evidence=evidence,
        responsibilities=[b],
        kind=Evidence.Kind.OTHER,
        fact_date=timezone.localdate() - datetime.timedelta(days=1),
        action=action,
        by=editor,
    )
    entries = history_entries(list(evidence.history.select_related("history_user").order_by("-history_date")))
    assert [e.action for e in entries] == ["Changed: Evidence corrected", "Created: Evidence recorded"]
    assert formatting.person(entries[0].user) == "Erin Editor"
    changes = entries[0].changes
    sentences = {c.label: c.sentence for c in changes}
    assert sentences["Kind"] == f"Kind: {Evidence.Kind.MEETING_MINUTES.label} → {Evidence.Kind.OTHER.label}"
    assert sentences["Action"].endswith(f"not set → {action}")
    assert sentences["Responsibilities"] == f"Responsibilities: added {b}; removed {a}"
    day_before = formatting.date_text(timezone.localdate() - datetime.timedelta(days=1))
    assert sentences["Fact date"].endswith(f"→ {day_before}")
    assert "'" not in " ".join(sentences.values())
    assert [c.sentence for c in entries[1].changes] == [f"Responsibilities: added {a}"]


@pytest.mark.django_db
def test_forms_and_filters_offer_people_by_full_name():
    from objectives.filters import ObjectiveFilter
    from reviews.forms import ReviewForm

    UserFactory(username="hmarsh", first_name="Helen", last_name="Marsh", role="top")
    filter_labels = [label for _, label in ObjectiveFilter().form.fields["owner"].choices]
    form_labels = [label for _, label in ReviewForm().fields["chair"].choices]
    assert "Helen Marsh" in filter_labels and "hmarsh" not in filter_labels
    assert "Helen Marsh" in form_labels
