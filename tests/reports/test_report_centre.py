import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from reports import registry

pytestmark = pytest.mark.django_db


def test_report_centre_links_the_pack_every_export_and_the_past_view(client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:audit_pack") in page
    # The PDF and ZIP are prepared in the background and downloaded from My downloads.
    assert reverse("reports:downloads") in page
    assert reverse("reports:as_of") in page
    for entry in registry.REGISTERS.values():
        for fmt in ("csv", "xlsx"):
            assert reverse("reports:export", kwargs={"register": entry.name, "fmt": fmt}) in page
    # The auditor cannot give access to anyone.
    assert reverse("reports:auditor_accounts") not in page


def test_quality_manager_sees_the_link_to_auditor_accounts(client, quality_user):
    client.force_login(quality_user)
    assert reverse("reports:auditor_accounts") in client.get(reverse("reports:index")).content.decode()


def test_employees_have_no_report_centre(client, employee_user):
    client.force_login(employee_user)
    assert client.get(reverse("reports:index")).status_code == 403
    assert reverse("reports:index") not in client.get(reverse("home")).content.decode()


def test_auditor_holds_nothing_that_writes(auditor_user):
    assert all(p.split(".", 1)[1].startswith("view_") for p in auditor_user.get_all_permissions())


def test_export_links_partial_keeps_the_list_filters(rf, auditor_user):
    request = rf.get("/reviews/actions/", {"status": "planned", "sort": "due"})
    request.user = auditor_user
    html = render_to_string("reports/_export_links.html", {"register": "review_actions"}, request=request)
    assert "/reports/exports/review_actions.csv?status=planned&amp;sort=due" in html
    assert "/reports/exports/review_actions.xlsx?status=planned&amp;sort=due" in html
