"""Register, evidence and action pages: downloads by role, controls by permission, filters, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Evidence, LeadershipAction
from commitments.services import status as status_services
from tests.commitments.factories import (
    PDF,
    AttachmentFactory,
    EvidenceFactory,
    LeadershipActionFactory,
    active_responsibility,
)


@pytest.mark.parametrize(
    ("role", "expected"), [("top", 200), ("quality", 200), ("auditor", 200), ("employee", 403)]
)
@pytest.mark.django_db
def test_attachment_download_by_role(client, users_by_role, role, expected):
    attachment = AttachmentFactory(original_name="Board minutes.pdf")
    client.force_login(users_by_role[role])
    response = client.get(reverse("commitments:attachment_download", args=[attachment.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert "Board minutes.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_anonymous_download_goes_to_login(client):
    attachment = AttachmentFactory()
    response = client.get(reverse("commitments:attachment_download", args=[attachment.pk]))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.django_db
def test_auditor_sees_evidence_and_files_but_no_edit_controls(client, auditor_user):
    attachment = AttachmentFactory()
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:evidence_detail", args=[attachment.evidence.pk])).content.decode()
    assert attachment.sha256 in page
    assert reverse("commitments:attachment_download", args=[attachment.pk]) in page
    assert reverse("commitments:evidence_update", args=[attachment.evidence.pk]) not in page
    assert reverse("commitments:evidence_archive", args=[attachment.evidence.pk]) not in page


@pytest.mark.django_db
def test_quality_manager_sees_edit_and_archive(client, quality_user):
    evidence = EvidenceFactory()
    client.force_login(quality_user)
    page = client.get(reverse("commitments:evidence_detail", args=[evidence.pk])).content.decode()
    assert reverse("commitments:evidence_update", args=[evidence.pk]) in page
    assert reverse("commitments:evidence_archive", args=[evidence.pk]) in page


@pytest.mark.django_db
def test_top_management_records_evidence_through_the_form(client, top_user):
    client.force_login(top_user)
    response = client.post(
        reverse("commitments:evidence_create"),
        {
            "title": "All-hands on quality",
            "kind": "communication",
            "fact_date": timezone.localdate().isoformat(),
            "responsibilities": [active_responsibility("e").pk],
        },
    )
    evidence = Evidence.objects.get()
    assert response.url == reverse("commitments:evidence_detail", args=[evidence.pk])
    assert evidence.recorded_by == top_user
    assert active_responsibility("e").status == "green"


@pytest.mark.django_db
def test_top_management_cannot_edit_another_leaders_action(client, top_user):
    action = LeadershipActionFactory()
    client.force_login(top_user)
    assert client.get(reverse("commitments:action_update", args=[action.pk])).status_code == 403
    response = client.post(
        reverse("commitments:action_transition", args=[action.pk]), {"status": "cancelled"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "planned"


@pytest.mark.django_db
def test_leader_marks_own_action_done_from_the_page(client, top_user):
    action = LeadershipActionFactory(owner=top_user)
    client.force_login(top_user)
    client.post(
        reverse("commitments:action_transition", args=[action.pk]), {"status": "done", "note": "Done."}
    )
    action.refresh_from_db()
    assert action.status == LeadershipAction.Status.DONE


@pytest.mark.django_db
def test_marking_done_without_a_note_shows_why(client, top_user):
    action = LeadershipActionFactory(owner=top_user)
    client.force_login(top_user)
    response = client.post(
        reverse("commitments:action_transition", args=[action.pk]), {"status": "done"}, follow=True
    )
    assert "Say what was done" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "planned"


@pytest.mark.django_db
def test_my_actions_lists_only_the_leaders_own(client, top_user):
    mine = LeadershipActionFactory(owner=top_user, title="Mine")
    LeadershipActionFactory(title="Someone else's")
    client.force_login(top_user)
    response = client.get(reverse("commitments:my_actions"))
    assert list(response.context["actions"]) == [mine]


@pytest.mark.django_db
def test_archived_evidence_is_hidden_unless_the_filter_asks(client, auditor_user):
    EvidenceFactory(title="Current")
    EvidenceFactory(title="Old", archived_at=timezone.now(), archive_reason="Duplicate")
    client.force_login(auditor_user)
    url = reverse("commitments:evidence_list")
    assert [e.title for e in client.get(url).context["evidence_list"]] == ["Current"]
    assert [e.title for e in client.get(url, {"archived": "only"}).context["evidence_list"]] == ["Old"]
    assert len(client.get(url, {"archived": "all"}).context["evidence_list"]) == 2


@pytest.mark.django_db
def test_evidence_list_filters_and_sorts(client, auditor_user):
    today = timezone.localdate()
    EvidenceFactory(title="B decision", kind="decision", fact_date=today - datetime.timedelta(days=40))
    EvidenceFactory(title="A minutes", kind="minutes", fact_date=today - datetime.timedelta(days=2))
    EvidenceFactory(title="C minutes", kind="minutes", responsibilities=[active_responsibility("c")])
    client.force_login(auditor_user)
    url = reverse("commitments:evidence_list")

    def titles(**params):
        return [e.title for e in client.get(url, params).context["evidence_list"]]

    assert titles(kind="minutes", sort="title") == ["A minutes", "C minutes"]
    assert titles(sort="-title") == ["C minutes", "B decision", "A minutes"]
    assert titles(responsibility=active_responsibility("c").pk) == ["C minutes"]
    assert titles(fact_before=(today - datetime.timedelta(days=10)).isoformat()) == ["B decision"]
    assert titles(sort="not-a-field; drop table")[0] in {"A minutes", "C minutes"}


@pytest.mark.django_db
def test_action_list_filters_overdue(client, auditor_user):
    LeadershipActionFactory(title="Late", due_date=timezone.localdate() - datetime.timedelta(days=1))
    LeadershipActionFactory(title="On time")
    client.force_login(auditor_user)
    response = client.get(reverse("commitments:action_list"), {"status": "overdue"})
    assert [a.title for a in response.context["actions"]] == ["Late"]


@pytest.mark.django_db
def test_register_shows_status_in_words_and_explains_the_rule(client, auditor_user):
    EvidenceFactory(responsibilities=[active_responsibility("a")])
    status_services.responsibility_recompute()
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_list")).content.decode()
    assert "Green: Evidenced" in page
    assert "Red: No fresh evidence" in page
    assert "It is ageing in the last quarter" in page


@pytest.mark.django_db
def test_quality_manager_changes_owner_and_cadence_and_the_status_follows(client, quality_user, top_user):
    EvidenceFactory(fact_date=timezone.localdate() - datetime.timedelta(days=40))
    status_services.responsibility_recompute()
    responsibility = active_responsibility("a")
    assert responsibility.status == "green"
    client.force_login(quality_user)
    client.post(
        reverse("commitments:responsibility_update", args=[responsibility.pk]),
        {"owner": top_user.pk, "evidence_cadence_days": 30},
    )
    responsibility.refresh_from_db()
    assert (responsibility.owner, responsibility.evidence_cadence_days, responsibility.status) == (
        top_user,
        30,
        "red",
    )
    assert responsibility.history.latest().history_user == quality_user


@pytest.mark.django_db
def test_responsibility_page_shows_a_timeline(client, auditor_user):
    EvidenceFactory(title="Board minutes")
    LeadershipActionFactory(title="Brief the board")
    client.force_login(auditor_user)
    page = client.get(reverse("commitments:responsibility_detail", args=[active_responsibility("a").pk]))
    text = page.content.decode()
    assert "Board minutes" in text and "Brief the board" in text


def _make_evidence(count: int) -> None:
    recorder = EvidenceFactory().recorded_by
    responsibilities = [active_responsibility(c) for c in "abc"]
    for i in range(count - 1):
        evidence = EvidenceFactory(recorded_by=recorder, responsibilities=responsibilities[: 1 + i % 3])
        if i % 10 == 0:
            AttachmentFactory(evidence=evidence, uploaded_by=recorder)
    status_services.responsibility_recompute()


@pytest.mark.parametrize("url_name", ["commitments:responsibility_list", "commitments:evidence_list"])
@pytest.mark.django_db
def test_query_count_is_the_same_at_10_and_500_evidence(
    client, auditor_user, django_assert_num_queries, url_name
):
    client.force_login(auditor_user)
    url = reverse(url_name)
    _make_evidence(10)
    client.get(url)  # warm the session and permission caches of this client
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _make_evidence(490)
    assert Evidence.objects.count() == 500
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_failed_form_says_plainly_which_file_to_choose_again(client, quality_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(quality_user)
    response = client.post(
        reverse("commitments:evidence_create"),
        {
            "title": "Minutes with a future date",
            "kind": "minutes",
            "fact_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "responsibilities": [active_responsibility("a").pk],
            "files": [SimpleUploadedFile("board-minutes.txt", b"Minutes", content_type="text/plain")],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "choose board-minutes.txt again" in page
    assert not Evidence.objects.exists()
