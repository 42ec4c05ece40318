"""The list mechanism (core/lists.py), seen through the objective list: pages, sorts, the count."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.history import record_change
from core.lists import decode_cursor, encode_cursor
from objectives.models import Objective
from tests.objectives.factories import ObjectiveFactory

URL = reverse("objectives:list")


@pytest.fixture
def sixty(db):
    """60 objectives; due dates shared by groups of seven, and some without a due date."""
    start = timezone.localdate() - datetime.timedelta(days=30)
    objectives = []
    for i in range(60):
        due = None if i % 9 == 0 else start + datetime.timedelta(days=100 + i % 7)
        objectives.append(
            ObjectiveFactory(ref=f"R-{i:03d}", title=f"Objective {i % 5}", start_date=start, due_date=due)
        )
    return objectives


def _refs(response) -> list[str]:
    return [o.ref for o in response.context["objectives"]]


def _link(response, rel: str) -> str | None:
    match = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


def _walk(client, query: dict) -> list[str]:
    response = client.get(URL, query)
    seen = _refs(response)
    while (href := _link(response, "next")) is not None:
        response = client.get(URL + href)
        seen += _refs(response)
    return seen


@pytest.mark.parametrize("sort", ["ref", "-ref", "title", "-title", "due", "-due", "measured", "status"])
def test_next_links_visit_every_objective_once_in_the_sort_order(sort, sixty, client, auditor_user):
    client.force_login(auditor_user)
    seen = _walk(client, {"sort": sort})
    key = {
        "ref": lambda o: (o.ref, o.pk),
        "title": lambda o: (o.title, o.pk),
        "due": lambda o: (o.due_date or datetime.date.max, o.pk),
        "measured": lambda o: (o.latest_measured_on or datetime.date.min, o.pk),
        "status": lambda o: (o.status, o.pk),
    }[sort.lstrip("-")]
    expected = [o.ref for o in sorted(Objective.objects.all(), key=key, reverse=sort.startswith("-"))]
    assert seen == expected


def test_previous_goes_back_to_the_page_before(sixty, client, auditor_user):
    client.force_login(auditor_user)
    first = client.get(URL, {"sort": "due"})
    second = client.get(URL + _link(first, "next"))
    third = client.get(URL + _link(second, "next"))
    back = client.get(URL + _link(third, "prev"))
    assert _refs(back) == _refs(second)
    assert _refs(client.get(URL + _link(back, "prev"))) == _refs(first)


def test_the_last_page_holds_the_last_rows_and_leads_back(sixty, client, auditor_user):
    client.force_login(auditor_user)
    everything = _walk(client, {"sort": "-title"})
    last = client.get(URL, {"sort": "-title", "last": "1"})
    assert _refs(last) == everything[-25:]
    assert _link(last, "next") is None
    assert _refs(client.get(URL + _link(last, "prev"))) == everything[-50:-25]


def test_the_page_says_how_many_records_match_and_bounds_the_count(sixty, client, auditor_user, monkeypatch):
    client.force_login(auditor_user)
    page = client.get(URL).content.decode()
    assert "60 records, 25 on this page" in page
    from objectives.views.objectives import ObjectiveListView

    monkeypatch.setattr(ObjectiveListView, "count_limit", 50)
    assert "50+ records" in client.get(URL).content.decode()
    # A text search stops counting sooner: 60 objectives match "R-".
    monkeypatch.setattr(ObjectiveListView, "search_count_limit", 20)
    assert "20+ records" in client.get(URL, {"q": "R-"}).content.decode()
    assert "12 records" in client.get(URL, {"q": "Objective 1"}).content.decode()


def test_a_damaged_cursor_opens_the_first_page(sixty, client, auditor_user):
    client.force_login(auditor_user)
    assert _refs(client.get(URL, {"after": "not-a-cursor"})) == _refs(client.get(URL))


def test_a_cursor_keeps_dates_and_text_exactly():
    values = [datetime.date(2026, 1, 2), "B-0001", datetime.datetime(2026, 1, 2, 3, 4, 5, 678901), 7]
    assert decode_cursor(encode_cursor(values), 4) == values
    assert decode_cursor(encode_cursor(values), 3) is None


def test_sort_links_keep_the_filters_and_restart_at_the_first_page(sixty, client, auditor_user):
    client.force_login(auditor_user)
    first = client.get(URL, {"status": "active", "sort": "title"})
    page = client.get(URL + _link(first, "next")).content.decode()
    header = re.search(r'href="(\?[^"]*sort=-title[^"]*)"', page).group(1)
    assert "status=active" in header and "after=" not in header


def test_archived_objectives_show_only_in_the_archive(sixty, client, auditor_user):
    Objective.objects.filter(ref="R-001").update(archived_at=timezone.now(), archive_reason="Replaced")
    client.force_login(auditor_user)
    assert "R-001" not in _walk(client, {})
    assert _refs(client.get(URL, {"archived": "only"})) == ["R-001"]
    assert len(_walk(client, {"archived": "all"})) == 60


def test_the_history_tab_pages_back_to_the_first_change(client, auditor_user, db):
    objective = ObjectiveFactory(title="Version 0")
    for i in range(1, 60):
        objective.title = f"Version {i}"
        record_change(objective, by=None, reason=f"Edit {i}")  # each save its own act
        objective.save()
    client.force_login(auditor_user)
    url = reverse("objectives:detail", args=[objective.pk])
    newest = client.get(url)
    assert len(newest.context["history_entries"]) == 50
    assert "Version 58</del> → <ins>Version 59" in newest.content.decode()
    assert "Version 9</del> → <ins>Version 10" in newest.content.decode()  # across the page edge
    older_href = re.search(r'rel="next" href="([^"]+)#history-heading"', newest.content.decode()).group(1)
    oldest = client.get(url + older_href.replace("&amp;", "&"))
    entries = oldest.context["history_entries"]
    assert len(entries) == 10 and entries[-1].action.startswith("Created")
    assert "Version 9</del> → <ins>Version 10" not in oldest.content.decode()
    assert "Version 1</del> → <ins>Version 2" in oldest.content.decode()


def test_the_filter_bar_keeps_the_chosen_values(sixty, client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(URL, {"status": "active", "q": "R-00"}).content.decode()
    assert '<option value="active" selected>Active</option>' in page
    assert 'name="q" value="R-00"' in page
