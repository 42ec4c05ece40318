"""Registers: risk score and level, the matrix, lists (filters, sorting, query counts), archive, links."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import ManagementRole, Responsibility, Risk
from commitments.models.risks import level_for
from commitments.services import registers as services
from tests.policy.factories import ManagementRoleFactory, ProcessFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "level"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (4, 5, 20, "critical"),
        (5, 5, 25, "critical"),
    ],
)
def test_risk_score_is_likelihood_times_impact_with_its_level(likelihood, impact, score, level, quality_user):
    risk = services.risk_create(
        process=ProcessFactory(), title="T", likelihood=likelihood, impact=impact, by=quality_user
    )
    assert risk.score == score and risk.level == level


def test_editing_likelihood_rescores_the_risk(quality_user):
    risk = RiskFactory(likelihood=1, impact=1)
    risk = services.risk_update(risk=risk, likelihood=5, impact=4, by=quality_user)
    risk.refresh_from_db()
    assert risk.score == 20 and risk.level == "critical"
    assert risk.history.first().history_user == quality_user


def test_likelihood_outside_1_to_5_is_refused(quality_user):
    with pytest.raises(ValidationError):
        services.risk_create(process=ProcessFactory(), title="T", likelihood=6, impact=1, by=quality_user)


def test_closing_a_risk_requires_the_effectiveness_of_its_treatment(quality_user):
    risk = RiskFactory()
    with pytest.raises(ValidationError, match="effective"):
        services.risk_update(risk=risk, status="closed", by=quality_user)
    services.risk_update(
        risk=risk, status="closed", treatment_effectiveness="No repeat in 6 months", by=quality_user
    )
    risk.refresh_from_db()
    assert risk.status == "closed"


def test_a_closed_risk_cannot_jump_back_to_treated(quality_user):
    risk = RiskFactory(status="closed", treatment_effectiveness="Worked")
    with pytest.raises(ValidationError, match="cannot move"):
        services.risk_update(risk=risk, status="treated", by=quality_user)


def test_level_thresholds_cover_every_score():
    assert [level_for(s) for s in (4, 5, 9, 10, 16, 17, 25)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]


def test_matrix_counts_open_risks_in_one_query(client, auditor_user):
    RiskFactory.create_batch(3, likelihood=5, impact=5)
    RiskFactory(likelihood=1, impact=2)
    RiskFactory(likelihood=5, impact=5, status="treated")
    RiskFactory(likelihood=5, impact=5, status="closed", treatment_effectiveness="ok")
    archived = RiskFactory(likelihood=5, impact=5)
    services.register_archive(obj=archived, reason="Duplicate", by=auditor_user)
    client.force_login(auditor_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registers:risk_matrix"))
    risk_queries = [q["sql"] for q in queries if "commitments_risk" in q["sql"]]
    assert len(risk_queries) == 1 and "GROUP BY" in risk_queries[0]
    rows = dict(response.context["rows"])
    counts = {(lk, im): n for lk, cells in rows.items() for im, n, _ in cells if n}
    assert counts == {(5, 5): 3, (1, 2): 1}
    assert response.context["total"] == 4
    page = response.content.decode()
    assert 'data-testid="cell-5-5"' in page and "Critical" in page


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("registers:process_list", ProcessFactory),
        ("registers:risk_list", RiskFactory),
        ("registers:role_list", ManagementRoleFactory),
    ],
)
def test_register_lists_run_the_same_queries_at_two_sizes(
    url_name, factory, client, auditor_user, django_assert_num_queries
):
    factory.create_batch(3)
    client.force_login(auditor_user)
    url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    factory.create_batch(40)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 25


def test_risk_list_filters_by_level_and_sorts_by_score(client, auditor_user):
    low = RiskFactory(title="Low one", likelihood=1, impact=2)
    RiskFactory(title="Medium one", likelihood=3, impact=2)
    crit = RiskFactory(title="Critical one", likelihood=5, impact=4)
    client.force_login(auditor_user)
    response = client.get(reverse("registers:risk_list"), {"level": "critical"})
    assert list(response.context["object_list"]) == [crit]
    response = client.get(reverse("registers:risk_list"), {"sort": "score"})
    assert list(response.context["object_list"])[0] == low
    response = client.get(reverse("registers:risk_list"), {"sort": "password"})  # not whitelisted
    assert list(response.context["object_list"])[0] == crit


def test_archiving_keeps_the_entry_with_its_reason(client, quality_user):
    process = ProcessFactory(name="Old paint shop")
    client.force_login(quality_user)
    response = client.post(reverse("registers:process_archive", args=[process.pk]), {"reason": "Outsourced"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert (
        process.is_archived and process.archive_reason == "Outsourced" and process.archived_by == quality_user
    )
    active = client.get(reverse("registers:process_list")).context["object_list"]
    archived = client.get(reverse("registers:process_list"), {"archived": "only"}).context["object_list"]
    assert process not in active and process in archived
    edit = client.post(reverse("registers:process_update", args=[process.pk]), {"name": "Back"}, follow=True)
    assert "archived" in edit.content.decode()
    process.refresh_from_db()
    assert process.name == "Old paint shop"


def test_archive_needs_a_reason(client, quality_user):
    role = ManagementRoleFactory()
    client.force_login(quality_user)
    response = client.post(reverse("registers:role_archive", args=[role.pk]), {"reason": ""})
    assert response.status_code == 200
    role.refresh_from_db()
    assert not role.is_archived


def test_quality_manager_adds_a_risk_through_the_form(client, quality_user):
    process = ProcessFactory()
    client.force_login(quality_user)
    response = client.post(
        reverse("registers:risk_create"),
        {
            "kind": "opportunity",
            "process": process.pk,
            "title": "New cell",
            "likelihood": 3,
            "impact": 4,
            "status": "open",
        },
    )
    risk = Risk.objects.get(title="New cell")
    assert response.url == reverse("registers:risk_detail", args=[risk.pk])
    assert risk.score == 12 and risk.history.first().history_user == quality_user


def test_detail_pages_show_history(client, auditor_user, quality_user):
    role = services.role_create(
        title="Plant manager", area="Plant", responsibilities="Runs it", authorities="Hires", by=quality_user
    )
    client.force_login(auditor_user)
    page = client.get(reverse("registers:role_detail", args=[role.pk])).content.decode()
    assert 'data-testid="history"' in page and "Role added" in page


@pytest.mark.parametrize(
    ("title", "registers"),
    [
        ("QMS built into business processes", ["Process register"]),
        ("Process approach and risk-based thinking", ["Process register", "Risks and opportunities"]),
        ("Supporting other managers", ["Management roles"]),
        ("Accountable for QMS effectiveness", []),
    ],
)
def test_responsibility_pages_link_to_their_registers(title, registers, client, auditor_user):
    responsibility = Responsibility.objects.of_active_edition().get(title=title)
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_detail", args=[responsibility.pk])).content.decode()
    start = page.find('data-testid="responsibility-registers"')
    section = page[start : page.find("</section>", start)] if start >= 0 else ""
    for label in ("Process register", "Risks and opportunities", "Management roles"):
        assert (label in section) == (label in registers)


def test_a_matrix_cell_links_to_exactly_its_risks(client, auditor_user):
    mine = RiskFactory(likelihood=4, impact=3)
    RiskFactory(likelihood=3, impact=4)
    client.force_login(auditor_user)
    page = client.get(reverse("registers:risk_matrix")).content.decode()
    link = "?status=open&amp;likelihood=4&amp;impact=3"
    assert link in page
    response = client.get(reverse("registers:risk_list") + link.replace("&amp;", "&"))
    assert list(response.context["object_list"]) == [mine]


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        ("registers:process_list", ["q", "status", "owner", "archived"]),
        (
            "registers:risk_list",
            ["q", "kind", "status", "process", "level", "likelihood", "impact", "owner", "archived"],
        ),
        ("registers:role_list", ["q", "area", "holder", "archived"]),
    ],
)
def test_register_lists_offer_only_their_filters(url_name, fields, client, auditor_user):
    client.force_login(auditor_user)
    assert list(client.get(reverse(url_name)).context["filter"].form.fields) == fields


def test_sort_links_keep_the_filters(client, auditor_user):
    RiskFactory()
    client.force_login(auditor_user)
    page = client.get(reverse("registers:risk_list"), {"status": "open", "sort": "title"}).content.decode()
    assert 'href="?status=open&amp;sort=score"' in page


def test_a_role_links_the_evidence_of_how_top_management_supports_it(client, quality_user, auditor_user):
    from tests.commitments.factories import EvidenceFactory

    coaching = EvidenceFactory(title="Monthly one-to-one with the plant manager")
    client.force_login(quality_user)
    client.post(
        reverse("registers:role_create"),
        {
            "title": "Plant manager",
            "area": "Plant",
            "responsibilities": "Runs it",
            "authorities": "Hires",
            "supporting_evidence": [coaching.pk],
        },
    )
    role = ManagementRole.objects.get(title="Plant manager")
    assert list(role.supporting_evidence.all()) == [coaching]
    client.force_login(auditor_user)
    page = client.get(reverse("registers:role_detail", args=[role.pk])).content.decode()
    assert "Monthly one-to-one with the plant manager" in page
