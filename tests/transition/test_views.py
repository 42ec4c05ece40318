import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from commitments.models import Edition, Responsibility
from transition.models import EditionSwitch

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--force", "--password", "demo-test-pass", stdout=io.StringIO())
    users = get_user_model().objects
    return {"ceo": users.get(username="ceo"), "quality": users.get(username="quality")}


def test_cockpit_on_the_demo_shows_a_realistic_gap(client, demo):
    client.force_login(demo["quality"])
    page = client.get(reverse("transition:cockpit")).content.decode()
    assert "Transition to ISO 9001:2026" in page
    # 2015 j) had no evidence: its 2026 successor h) is stale; the new culture item has nothing yet.
    assert 'data-testid="state-leadership-h">Carried over, evidence stale' in page
    assert 'data-testid="state-leadership-i">New: nothing yet' in page
    assert 'data-testid="state-leadership-j">Split: needs a decision' in page
    assert 'data-testid="state-leadership-l">Carried over, fresh evidence' in page
    assert "Changes in the needs and expectations of relevant interested parties" in page
    assert "No management review has covered this input yet." in page
    assert 'data-testid="days-left">' in page
    # 5.3: customer focus was never assigned; the change-integrity assignment awaits its holder.
    assert "Not assigned to a management role." in page
    assert "Assigned, not yet confirmed by the holder." in page


def test_the_gap_list_downloads_as_pdf_and_xlsx(client, demo):
    client.force_login(demo["ceo"])
    pdf = client.get(reverse("transition:gaps_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Gaps to ISO 9001:2026" in text and "Quality culture and ethical behaviour" in text
    xlsx = client.get(reverse("transition:gaps_xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("List", "Item", "Title")
    assert any(row[2] == "Quality culture and ethical behaviour" for row in rows[2:])


def test_ceo_previews_then_switches_with_a_reason(client, demo):
    client.force_login(demo["ceo"])
    url = reverse("transition:switch", args=["iso-9001-2026"])
    preview = client.get(url).content.decode()
    assert 'data-testid="switch-preview-counts"' in preview
    assert Edition.objects.active().get().code == "iso-9001-2015"
    old = Edition.objects.active().get()
    refused = client.post(url, {"expected_from": old.pk, "reason": "Audits to 2026"})
    assert refused.status_code == 200 and not EditionSwitch.objects.exists()
    done = client.post(url, {"expected_from": old.pk, "reason": "Audits to 2026", "confirm": "on"})
    assert done.status_code == 302
    assert Edition.objects.active().get().code == "iso-9001-2026"
    register = client.get(reverse("commitments:responsibility_list")).content.decode()
    assert register.count('data-testid="register-row-') == 12
    again = client.post(url, {"expected_from": old.pk, "reason": "Twice", "confirm": "on"}).content.decode()
    assert "changed to ISO 9001:2026" in again and EditionSwitch.objects.count() == 1


def test_quality_manager_confirms_a_split_item_after_the_switch(client, demo):
    client.force_login(demo["ceo"])
    old = Edition.objects.active().get()
    client.post(
        reverse("transition:switch", args=["iso-9001-2026"]),
        {"expected_from": old.pk, "reason": "Now", "confirm": "on"},
    )
    client.force_login(demo["quality"])
    item = Responsibility.objects.get(edition__code="iso-9001-2026", code="k")
    page = client.get(reverse("transition:cockpit")).content.decode()
    assert f'data-testid="confirm-split-{item.code}"' in page
    client.post(reverse("transition:split_confirm", args=[item.pk]))
    page = client.get(reverse("transition:cockpit")).content.decode()
    assert f'data-testid="confirm-split-{item.code}"' not in page


def test_the_deadline_is_data_that_leaders_correct(client, demo):
    client.force_login(demo["quality"])
    client.post(reverse("transition:deadline"), {"transition_ends_on": "2029-12-31"})
    edition = Edition.objects.get(code="iso-9001-2026")
    assert str(edition.transition_ends_on) == "2029-12-31"
    assert edition.history.first().history_change_reason == "Transition deadline changed"


def _cockpit_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("transition:cockpit")).status_code == 200
    return len(queries)


def test_cockpit_costs_the_same_number_of_queries_whatever_the_number_of_records(client, demo):
    from commitments.models import RoleAssignment
    from commitments.services.status import responsibility_recompute
    from tests.commitments.factories import EvidenceFactory, LeadershipActionFactory
    from tests.policy.factories import ManagementRoleFactory

    client.force_login(demo["quality"])
    small = _cockpit_queries(client)
    items = list(Responsibility.objects.of_active_edition())
    for n in range(40):
        EvidenceFactory(recorded_by=demo["quality"], responsibilities=[items[n % len(items)]])
        LeadershipActionFactory(responsibility=items[n % len(items)])
    role = ManagementRoleFactory()
    for requirement in Edition.objects.active().get().requirements.filter(list="role_assignments"):
        RoleAssignment.objects.get_or_create(
            role=role,
            requirement=requirement,
            defaults={"holder": role.holder, "assigned_by": demo["ceo"], "assigned_at": timezone.now()},
        )
    responsibility_recompute()
    assert _cockpit_queries(client) == small
