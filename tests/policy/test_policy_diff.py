"""The policy comparison is bounded: linear-time diff, capped rows, no self-comparison, limited text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.services import policy as services
from core.textdiff import line_opcodes
from tests.policy.factories import PolicyVersionFactory

LINES = st.lists(st.sampled_from(["a", "b", "c", "d", "commit", "improve", ""]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(old=LINES, new=LINES)
def test_the_line_diff_rebuilds_both_texts_and_pairs_only_equal_lines(old, new):
    rebuilt_old, rebuilt_new = [], []
    position = (0, 0)
    for tag, i1, i2, j1, j2 in line_opcodes(old, new):
        assert (i1, j1) == position, "opcodes must cover both sides in order"
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        rebuilt_old += old[i1:i2]
        rebuilt_new += new[j1:j2]
        position = (i2, j2)
    assert (rebuilt_old, rebuilt_new) == (old, new)


def test_an_insertion_in_the_middle_of_a_long_text_is_found_exactly():
    old = [f"line {n}" for n in range(5000)]
    new = [*old[:2500], "a new line", *old[2500:]]
    changes = [op for op in line_opcodes(old, new) if op[0] != "equal"]
    assert changes == [("insert", 2500, 2500, 2500, 2501)]


def test_a_20000_line_comparison_is_produced_and_truncated_with_a_message(client, auditor_user, settings):
    old = PolicyVersionFactory(status="superseded", text="\n".join(f"Old line {n}" for n in range(20_000)))
    changed = "\n".join(f"New line {n}" if n % 3 else f"Old line {n}" for n in range(20_000))
    new = PolicyVersionFactory(status="approved", text=changed)
    client.force_login(auditor_user)
    response = client.get(reverse("policy:compare"), {"old": old.pk, "new": new.pk})
    section = response.context["diff"]["text"]
    assert len(section.rows) == settings.QMS_DIFF_MAX_ROWS
    assert section.omitted > 0
    assert "The comparison stops after" in response.content.decode()


def test_comparing_a_version_with_itself_is_refused_with_a_message(client, auditor_user):
    version = PolicyVersionFactory(status="approved")
    client.force_login(auditor_user)
    response = client.get(reverse("policy:compare"), {"old": version.pk, "new": version.pk})
    assert response.context["diff"] is None
    assert "Choose two different versions" in response.content.decode()


def test_a_policy_text_over_the_limit_is_refused_with_a_message(quality_user, settings):
    settings.QMS_POLICY_MAX_CHARS = 1000
    draft = PolicyVersionFactory(created_by=quality_user)
    with pytest.raises(ValidationError) as refused:
        services.policy_draft_update(version=draft, by=quality_user, text="x" * 1001)
    assert "Keep this under 1,000 characters (it has 1,001)" in str(refused.value)
    draft.refresh_from_db()
    assert len(draft.text) < 1001
