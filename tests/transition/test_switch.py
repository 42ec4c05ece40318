import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from commitments.models import Edition, Evidence, LeadershipAction, RegisterLink, Responsibility
from core import pointintime
from reports.registry import REGISTERS
from reviews.models import ManagementReview
from transition import services
from transition.models import SwitchMove

pytestmark = pytest.mark.django_db

EvidenceLinks = Evidence.responsibilities.through


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--force", "--password", "demo-test-pass", stdout=io.StringIO())
    users = get_user_model().objects
    return {"ceo": users.get(username="ceo"), "quality": users.get(username="quality")}


def _links() -> set[tuple[int, int]]:
    return set(EvidenceLinks.objects.values_list("evidence_id", "responsibility_id"))


def _new() -> Edition:
    return Edition.objects.get(code="iso-9001-2026")


def _switch(demo, reason="Certification body audits to 2026 from next year"):
    old = Edition.objects.active().get()
    return services.edition_switch(to_edition=_new(), expected_from=old, reason=reason, by=demo["ceo"])


def test_preview_counts_what_moves_on_the_demo_and_changes_nothing(demo):
    before = _links()
    preview = services.switch_preview(to_edition=_new())
    assert preview.can_switch
    assert (
        preview.counts["evidence"]
        == Evidence.objects.filter(responsibilities__edition__is_active=True).distinct().count()
    )
    assert preview.counts["actions"] == LeadershipAction.objects.count()
    assert preview.counts["flagged"] >= 2  # the workshop and the KPI review were recorded for 2015 d)
    assert [r.code for r in preview.split_items] == ["j", "k"]
    assert [r.code for r in preview.new_items] == ["i"]
    assert _links() == before
    assert Edition.objects.active().get().code == "iso-9001-2015"


def test_switch_on_the_demo_moves_every_record_and_flags_split_items(demo):
    evidence_count, action_count = Evidence.objects.count(), LeadershipAction.objects.count()
    old_owner = Responsibility.objects.get(edition__code="iso-9001-2015", code="a").owner
    switch = _switch(demo)
    new = _new()
    assert Edition.objects.active().get() == new
    assert Evidence.objects.count() == evidence_count and LeadershipAction.objects.count() == action_count
    # Every evidence record points at an item of the new edition, and only there.
    for evidence in Evidence.objects.prefetch_related("responsibilities"):
        editions = {r.edition_id for r in evidence.responsibilities.all()}
        assert editions == {new.pk}, evidence.title
    assert not LeadershipAction.objects.exclude(responsibility__edition=new).exists()
    # 2015 a) accountability is 2026 l): same owner, same evidence.
    accountability = Responsibility.objects.get(edition=new, code="l")
    assert accountability.owner == old_owner
    assert accountability.evidence.filter(title="Management review minutes, Q3").exists()
    # 2015 d) split into j) and k): its evidence is on both, flagged for the quality manager.
    workshop = Evidence.objects.get(title="Risk-based thinking workshop attendance")
    assert sorted(workshop.responsibilities.values_list("code", flat=True)) == ["j", "k"]
    flagged = switch.moves.filter(split=True, kind=SwitchMove.Kind.EVIDENCE, object_id=workshop.pk)
    assert flagged.count() == 2 and not flagged.filter(confirmed_at__isnull=False).exists()
    # Review links: the new items accountable for reviews keep the "reviews" register.
    assert RegisterLink.objects.filter(responsibility=accountability, register="reviews").exists()
    # The 2015 items are still there; nothing was deleted.
    assert Responsibility.objects.filter(edition__code="iso-9001-2015").count() == 10


def test_as_of_before_the_switch_shows_the_2015_letters(demo):
    workshop = Evidence.objects.get(title="Risk-based thinking workshop attendance")
    moment = timezone.now()
    _switch(demo)
    register = REGISTERS["evidence"]
    past = {e.pk: e for e in register.rows_as_of(moment)}
    assert past[workshop.pk].responsibility_codes == ["d"]
    live = Evidence.objects.get(pk=workshop.pk)
    assert sorted(live.responsibilities.values_list("code", flat=True)) == ["j", "k"]
    responsibilities = REGISTERS["responsibilities"].rows_as_of(moment)
    assert [r.code for r in responsibilities] == list("abcdefghij")
    assert len(pointintime.source(Edition, moment).filter(is_active=True, code="iso-9001-2015")) == 1


def test_undo_restores_the_links_exactly(demo):
    links = _links()
    actions = dict(LeadershipAction.objects.values_list("pk", "responsibility_id"))
    owners = dict(Responsibility.objects.values_list("pk", "owner_id"))
    switch = _switch(demo)
    assert _links() != links
    services.edition_switch_undo(switch=switch, reason="Wrong moment", by=demo["ceo"])
    assert _links() == links
    assert dict(LeadershipAction.objects.values_list("pk", "responsibility_id")) == actions
    assert dict(Responsibility.objects.values_list("pk", "owner_id")) == owners
    assert Edition.objects.active().get().code == "iso-9001-2015"


def test_undo_is_refused_once_a_review_under_the_new_edition_is_signed_off(demo):
    switch = _switch(demo)
    review = ManagementReview.objects.first()
    ManagementReview.objects.filter(pk=review.pk).update(
        edition=_new(),
        status=ManagementReview.Status.SIGNED_OFF,
        held_on=timezone.localdate(),
        signed_off_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    with pytest.raises(ValidationError, match="signed off"):
        services.edition_switch_undo(switch=switch, reason="Too late", by=demo["ceo"])
    assert Edition.objects.active().get() == _new()


def test_a_second_switch_from_the_same_page_gets_a_clear_message(demo):
    old = Edition.objects.active().get()
    _switch(demo)
    with pytest.raises(ValidationError, match="changed to ISO 9001:2026"):
        services.edition_switch(to_edition=_new(), expected_from=old, reason="Again", by=demo["ceo"])
    assert services.EditionSwitch.objects.count() == 1


def test_only_top_management_may_switch(demo):
    old = Edition.objects.active().get()
    with pytest.raises(PermissionDenied):
        services.edition_switch(to_edition=_new(), expected_from=old, reason="Try", by=demo["quality"])
    assert Edition.objects.active().get() == old


def test_a_review_keeps_the_input_list_it_was_planned_under(demo):
    review = ManagementReview.objects.filter(status=ManagementReview.Status.IN_PREPARATION).first() or (
        ManagementReview.objects.first()
    )
    codes = list(review.inputs.values_list("code", flat=True))
    _switch(demo)
    assert list(review.inputs.values_list("code", flat=True)) == codes
    from reviews.services import review_plan

    later = review_plan(
        title="First review under 2026",
        planned_date=timezone.localdate(),
        chair=demo["ceo"],
        by=demo["quality"],
    )
    assert later.edition == _new()
    titles = list(later.inputs.values_list("title", flat=True))
    assert "Changes in the needs and expectations of relevant interested parties" in titles
    assert (
        "Effectiveness of actions on risks" in titles
        and "Effectiveness of actions on opportunities" in titles
    )


def test_confirming_a_split_item_clears_its_flag(demo):
    switch = _switch(demo)
    item = Responsibility.objects.get(edition=_new(), code="j")
    assert services.split_confirm(switch=switch, responsibility=item, by=demo["quality"]) >= 1
    assert (
        not switch.moves.filter(to_id=item.pk, split=True, confirmed_at__isnull=True)
        .exclude(kind=SwitchMove.Kind.ASSIGNMENT)
        .exists()
    )


def test_pack_spanning_the_switch_says_which_edition_applied_when(demo, client):
    from django.urls import reverse

    _switch(demo)
    client.force_login(demo["ceo"])
    page = client.get(reverse("reports:audit_pack")).content.decode()
    assert 'data-testid="pack-editions"' in page
    assert "ISO 9001:2015 from" in page and "ISO 9001:2026 from" in page


def test_heat_map_and_checks_follow_the_active_edition(demo, client):
    from django.urls import reverse

    from findings.engine import run_checks
    from findings.models import Finding

    _switch(demo)
    client.force_login(demo["ceo"])
    page = client.get(reverse("home")).content.decode()
    assert page.count('data-testid="heat-tile-') == 12
    run_checks(trigger="test")
    red = Finding.objects.open().filter(rule_code="RESP-RED-TOO-LONG")
    assert red.exists()
    assert set(
        Responsibility.objects.filter(pk__in=red.values("subject_id")).values_list("edition__code", flat=True)
    ) == {"iso-9001-2026"}


def test_role_assignments_follow_the_crosswalk_and_a_split_one_goes_to_both_parts(demo):
    from commitments.models import RoleAssignment

    before = RoleAssignment.objects.current().count()
    switch = _switch(demo)
    current = RoleAssignment.objects.current()
    assert current.count() == before + 1
    assert set(current.values_list("requirement__edition__code", flat=True)) == {"iso-9001-2026"}
    reporting = current.filter(requirement__key__in=["reporting-performance", "reporting-improvement"])
    assert reporting.count() == 2 and {a.role.title for a in reporting} == {"Quality manager"}
    services.edition_switch_undo(switch=switch, reason="Back", by=demo["ceo"])
    assert RoleAssignment.objects.current().count() == before
    assert set(RoleAssignment.objects.current().values_list("requirement__edition__code", flat=True)) == {
        "iso-9001-2015"
    }
