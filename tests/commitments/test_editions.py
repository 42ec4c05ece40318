import pytest
from django.urls import reverse

from commitments.models import Edition, Responsibility


@pytest.mark.django_db
def test_2015_edition_is_active_with_items_a_to_j():
    edition = Edition.objects.active().get()
    assert edition.name == "ISO 9001:2015"
    assert list(edition.responsibilities.values_list("code", flat=True)) == list("abcdefghij")


@pytest.mark.django_db
def test_2026_draft_edition_adds_culture_and_shifts_letters():
    draft = Edition.objects.get(code="iso-9001-2026-draft")
    items = list(draft.responsibilities.values_list("code", "title"))
    assert len(items) == 11
    assert ("e", "Quality culture and ethical behaviour") in items
    assert ("f", "Resources are available") in items


@pytest.mark.django_db
def test_register_lists_the_active_edition_only(client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_list")).content.decode()
    assert "Accountable for QMS effectiveness" in page
    assert "Quality culture and ethical behaviour" not in page


@pytest.mark.django_db
def test_history_tab_shows_who_changed_a_responsibility(client, auditor_user, quality_user):
    responsibility = Responsibility.objects.of_active_edition().get(code="f")
    responsibility.evidence_cadence_days = 30
    responsibility._history_user = quality_user
    responsibility.save()
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_detail", args=[responsibility.pk])).content.decode()
    assert quality_user.get_full_name() in page
    assert "Evidence cadence days" in page
    assert "Loaded with the edition" in page
