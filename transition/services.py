"""Switching the organisation to another edition, and undoing it: one transaction each.

A switch re-points every record through the crosswalk: owners and cadences, evidence links,
leadership actions, register links and 5.3 role assignments. Records of a split item go to every
new item it became and are flagged for the quality manager to confirm. Nothing is deleted: the
earlier edition's items stay, and every record moved is logged (SwitchMove) so that undo puts it
back exactly. History rows are written for every record changed, so "as of" views of dates before
the switch still show the earlier edition's letters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import (
    Edition,
    Evidence,
    LeadershipAction,
    ListKey,
    RegisterLink,
    Responsibility,
    RoleAssignment,
)
from commitments.services.status import responsibility_recompute
from core import permissions
from core.history import record_change
from core.services import serialise
from reviews.models import ManagementReview
from transition.crosswalk import ListMap, list_map
from transition.models import EditionSwitch, SwitchMove

EvidenceLinks = Evidence.responsibilities.through


@dataclass
class Preview:
    """What a switch would move, counted before anything changes (the dry run)."""

    from_edition: Edition
    to_edition: Edition
    counts: Counter = field(default_factory=Counter)
    split_items: list[Responsibility] = field(default_factory=list)
    new_items: list[Responsibility] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def can_switch(self) -> bool:
        return not self.problems


def _maps(from_edition: Edition, to_edition: Edition) -> tuple[ListMap, ListMap]:
    return (
        list_map(from_edition, to_edition, ListKey.LEADERSHIP),
        list_map(from_edition, to_edition, ListKey.ROLE_ASSIGNMENTS),
    )


def switch_preview(*, to_edition: Edition) -> Preview:
    """Count what a switch to `to_edition` would move, and say what stops it."""
    from_edition = Edition.objects.active().first()
    if from_edition is None:
        raise ValidationError(_("No edition is active."))
    preview = Preview(from_edition, to_edition)
    if from_edition.pk == to_edition.pk:
        preview.problems.append(
            _("%(to_edition)s is already the active edition.") % {"to_edition": to_edition}
        )
        return preview
    items, roles = _maps(from_edition, to_edition)
    if not items.targets:
        preview.problems.append(
            _("There is no crosswalk from %(from_edition)s to %(to_edition)s.")
            % {"from_edition": from_edition, "to_edition": to_edition}
        )
        return preview
    sources = list(items.targets)
    unmapped_with_records = Responsibility.objects.filter(pk__in=items.unmapped).filter(
        evidence__isnull=False
    ) | Responsibility.objects.filter(pk__in=items.unmapped, actions__isnull=False)
    for item in unmapped_with_records.distinct():
        preview.problems.append(
            _("%(item_label)s has records but no item in %(to_edition)s to go to.")
            % {"item_label": item.label, "to_edition": to_edition}
        )
    preview.counts["owners"] = Responsibility.objects.filter(pk__in=sources, owner__isnull=False).count()
    preview.counts["cadences"] = len(sources)
    links = EvidenceLinks.objects.filter(responsibility_id__in=sources)
    preview.counts["evidence"] = links.values("evidence_id").distinct().count()
    preview.counts["evidence_links"] = sum(
        len(items.targets[pk]) for pk in links.values_list("responsibility_id", flat=True)
    )
    preview.counts["actions"] = LeadershipAction.objects.filter(responsibility_id__in=sources).count()
    preview.counts["register_links"] = RegisterLink.objects.filter(responsibility_id__in=sources).count()
    preview.counts["assignments"] = (
        RoleAssignment.objects.current().filter(requirement_id__in=list(roles.targets)).count()
    )
    split = items.split_targets
    preview.counts["flagged"] = (
        links.filter(responsibility_id__in=[s for s in sources if set(items.targets[s]) & split]).count()
        + LeadershipAction.objects.filter(
            responsibility_id__in=[s for s in sources if set(items.targets[s]) & split]
        ).count()
    )
    preview.counts["reviews_kept"] = ManagementReview.objects.filter(edition=from_edition).count()
    targets = Responsibility.objects.filter(edition=to_edition).order_by("sort_order")
    preview.split_items = [r for r in targets if r.pk in split]
    preview.new_items = [r for r in targets if items.kinds.get(r.pk) == "new"]
    return preview


def _lock(expected_from: Edition | None) -> Edition:
    """Serialise switches: the first one in wins; the other finds the active edition changed."""
    serialise("edition-switch")
    list(Edition.objects.select_for_update().order_by("pk"))
    active = Edition.objects.active().first()
    if active is None:
        raise ValidationError(_("No edition is active."))
    if expected_from is not None and active.pk != expected_from.pk:
        last = EditionSwitch.objects.select_related("switched_by").first()
        if last is None:
            message = _(
                "The active edition changed to %(active)s while you were looking. Nothing was changed; "
                "check the cockpit again."
            )
        else:
            message = _(
                "The active edition changed to %(active)s by %(who)s while you were looking. Nothing was "
                "changed; check the cockpit again."
            )
        who = (last.switched_by.get_full_name() or str(last.switched_by)) if last else ""
        raise ValidationError(message % {"active": active, "who": who})
    return active


def _touch_evidence(ids, *, by, reason: str) -> None:
    """A history row per evidence record whose links changed, carrying its new links."""
    for evidence in Evidence.objects.filter(pk__in=list(ids)):
        record_change(evidence, by=by, reason=reason)
        evidence.save(update_fields=["title"])


def _flip(old: Edition, new: Edition, *, by, reason: str) -> None:
    old.is_active = False
    record_change(old, by=by, reason=reason)
    old.save(update_fields=["is_active"])
    new.is_active = True
    record_change(new, by=by, reason=reason)
    new.save(update_fields=["is_active"])


def _check_permission(by) -> None:
    permissions.require(permissions.may_switch_edition(by), _("Only top management may switch the edition."))


@transaction.atomic
def edition_switch(*, to_edition: Edition, expected_from: Edition, reason: str, by) -> EditionSwitch:
    """Move every record to `to_edition` through the crosswalk, in one transaction."""
    _check_permission(by)
    if not reason.strip():
        raise ValidationError(_("Say why the organisation moves to the new edition."))
    from_edition = _lock(expected_from)
    preview = switch_preview(to_edition=to_edition)
    if not preview.can_switch:
        raise ValidationError(preview.problems)
    items, roles = _maps(from_edition, to_edition)
    now = timezone.now()
    switch = EditionSwitch(
        from_edition=from_edition,
        to_edition=to_edition,
        reason=reason.strip(),
        switched_by=by,
        switched_at=now,
        counts={k: v for k, v in preview.counts.items()},
    )
    switch.full_clean()
    record_change(switch, by=by, reason=gettext_noop("Edition switched"))
    switch.save()
    history_reason = f"Moved to {to_edition} (switch {switch.pk})"
    split = items.split_targets
    moves: list[SwitchMove] = []

    # Owners and cadences: each new item takes them from its (first) source item.
    sources = Responsibility.objects.in_bulk(list(items.targets))
    targets = Responsibility.objects.in_bulk([t for ts in items.targets.values() for t in ts])
    for target_id, source_ids in items.sources.items():
        target, source = targets[target_id], sources[source_ids[0]]
        moves.append(
            SwitchMove(
                switch=switch,
                kind=SwitchMove.Kind.OWNER,
                object_id=target_id,
                from_id=source.pk,
                to_id=target_id,
                before={"owner_id": target.owner_id, "cadence": target.evidence_cadence_days},
                split=target_id in split,
            )
        )
        target.owner_id, target.evidence_cadence_days = source.owner_id, source.evidence_cadence_days
        record_change(target, by=by, reason=history_reason)
        target.save(update_fields=["owner", "evidence_cadence_days"])

    # Evidence links: moved (the old link goes, the new ones come), logged one per new link.
    old_links = list(EvidenceLinks.objects.filter(responsibility_id__in=list(items.targets)))
    wanted = {(link.evidence_id, t) for link in old_links for t in items.targets[link.responsibility_id]}
    existing = set(
        EvidenceLinks.objects.filter(responsibility_id__in=list(targets)).values_list(
            "evidence_id", "responsibility_id"
        )
    )
    EvidenceLinks.objects.bulk_create(
        [EvidenceLinks(evidence_id=e, responsibility_id=r) for e, r in sorted(wanted - existing)]
    )
    for link in old_links:
        for target_id in items.targets[link.responsibility_id]:
            moves.append(
                SwitchMove(
                    switch=switch,
                    kind=SwitchMove.Kind.EVIDENCE,
                    object_id=link.evidence_id,
                    from_id=link.responsibility_id,
                    to_id=target_id,
                    split=target_id in split,
                )
            )
    EvidenceLinks.objects.filter(pk__in=[link.pk for link in old_links]).delete()
    _touch_evidence({link.evidence_id for link in old_links}, by=by, reason=history_reason)

    # Leadership actions: to the first new item; from a split item, flagged for confirmation.
    for action in LeadershipAction.objects.filter(responsibility_id__in=list(items.targets)):
        target_id = items.targets[action.responsibility_id][0]
        moves.append(
            SwitchMove(
                switch=switch,
                kind=SwitchMove.Kind.ACTION,
                object_id=action.pk,
                from_id=action.responsibility_id,
                to_id=target_id,
                split=len(items.targets[action.responsibility_id]) > 1,
            )
        )
        action.responsibility_id = target_id
        record_change(action, by=by, reason=history_reason)
        action.save(update_fields=["responsibility"])

    # Register links (reviews among them): every new item gets its source's registers.
    have = set(
        RegisterLink.objects.filter(responsibility_id__in=list(targets)).values_list(
            "responsibility_id", "register"
        )
    )
    for register_link in RegisterLink.objects.filter(responsibility_id__in=list(items.targets)):
        for target_id in items.targets[register_link.responsibility_id]:
            if (target_id, register_link.register) in have:
                continue
            created = RegisterLink(responsibility_id=target_id, register=register_link.register)
            record_change(created, by=by, reason=history_reason)
            created.save()
            have.add((target_id, register_link.register))
            moves.append(
                SwitchMove(
                    switch=switch,
                    kind=SwitchMove.Kind.REGISTER,
                    object_id=created.pk,
                    from_id=register_link.responsibility_id,
                    to_id=target_id,
                )
            )

    # 5.3 assignments: the first new assignment takes the record; a split adds one for each other
    # part, to be confirmed by the holder like any new assignment.
    for assignment in RoleAssignment.objects.current().filter(requirement_id__in=list(roles.targets)):
        first, *others = roles.targets[assignment.requirement_id]
        moves.append(
            SwitchMove(
                switch=switch,
                kind=SwitchMove.Kind.ASSIGNMENT,
                object_id=assignment.pk,
                from_id=assignment.requirement_id,
                to_id=first,
                split=bool(others),
            )
        )
        for other in others:
            extra = RoleAssignment(
                requirement_id=other,
                role_id=assignment.role_id,
                holder_id=assignment.holder_id,
                assigned_by_id=assignment.assigned_by_id,
                assigned_at=now,
            )
            record_change(extra, by=by, reason=history_reason)
            extra.save()
            moves.append(
                SwitchMove(
                    switch=switch,
                    kind=SwitchMove.Kind.ASSIGNMENT,
                    object_id=extra.pk,
                    from_id=0,
                    to_id=other,
                    split=True,
                )
            )
        assignment.requirement_id = first
        record_change(assignment, by=by, reason=history_reason)
        assignment.save(update_fields=["requirement"])

    SwitchMove.objects.bulk_create(moves, batch_size=1000)
    _flip(from_edition, to_edition, by=by, reason=f"Edition switched: {reason.strip()}")
    responsibility_recompute(ids=list(sources) + list(targets))
    return switch


def undo_blocker(switch: EditionSwitch) -> str | None:
    """Why this switch can no longer be undone, or None."""
    if switch.is_undone:
        return _("This switch was undone already.")
    latest = EditionSwitch.objects.in_force().first()
    if latest is None or latest.pk != switch.pk or not switch.to_edition.is_active:
        return _("Only the latest switch, while its edition is active, can be undone.")
    signed = ManagementReview.objects.filter(
        edition=switch.to_edition,
        status=ManagementReview.Status.SIGNED_OFF,
        signed_off_at__gte=switch.switched_at,
    ).first()
    if signed is not None:
        return _("A review under %(to_edition)s is signed off (%(signed)s); the switch stands.") % {
            "to_edition": switch.to_edition,
            "signed": signed,
        }
    return None


@transaction.atomic
def edition_switch_undo(*, switch: EditionSwitch, reason: str, by) -> EditionSwitch:
    """Put every record back where it was before the switch, through the same log."""
    _check_permission(by)
    if not reason.strip():
        raise ValidationError(_("Say why the switch is undone."))
    _lock(switch.to_edition)
    switch = EditionSwitch.objects.select_related("from_edition", "to_edition").get(pk=switch.pk)
    blocker = undo_blocker(switch)
    if blocker:
        raise ValidationError(blocker)
    items, roles = _maps(switch.from_edition, switch.to_edition)
    history_reason = f"Back to {switch.from_edition} (switch {switch.pk} undone)"
    moves = list(switch.moves.all())
    by_kind: dict[str, list[SwitchMove]] = {kind: [] for kind in SwitchMove.Kind.values}
    for move in moves:
        by_kind[move.kind].append(move)

    for move in by_kind[SwitchMove.Kind.OWNER]:
        target = Responsibility.objects.get(pk=move.to_id)
        target.owner_id, target.evidence_cadence_days = move.before["owner_id"], move.before["cadence"]
        record_change(target, by=by, reason=history_reason)
        target.save(update_fields=["owner", "evidence_cadence_days"])

    # Evidence: the logged links go back; links made to new items since the switch go back through
    # the crosswalk when the item has a source (a link to an item that is new stays).
    target_ids = {t for ts in items.targets.values() for t in ts} | set(items.kinds)
    current = list(EvidenceLinks.objects.filter(responsibility_id__in=list(target_ids)))
    logged = {(m.object_id, m.to_id): m.from_id for m in by_kind[SwitchMove.Kind.EVIDENCE]}
    restore, remove = set(), []
    for link in current:
        key = (link.evidence_id, link.responsibility_id)
        if key in logged:
            restore.add((link.evidence_id, logged[key]))
            remove.append(link.pk)
        elif items.sources.get(link.responsibility_id):
            restore.add((link.evidence_id, items.sources[link.responsibility_id][0]))
            remove.append(link.pk)
    # A logged link whose new link was removed by hand since the switch still goes back.
    restore |= {(e, f) for (e, _t), f in logged.items()}
    have = set(
        EvidenceLinks.objects.filter(responsibility_id__in=list(items.targets)).values_list(
            "evidence_id", "responsibility_id"
        )
    )
    EvidenceLinks.objects.filter(pk__in=remove).delete()
    EvidenceLinks.objects.bulk_create(
        [EvidenceLinks(evidence_id=e, responsibility_id=r) for e, r in sorted(restore - have)]
    )
    _touch_evidence({e for e, _ in restore}, by=by, reason=history_reason)

    logged_actions = {m.object_id: m.from_id for m in by_kind[SwitchMove.Kind.ACTION]}
    for action in LeadershipAction.objects.filter(responsibility_id__in=list(target_ids)):
        back = logged_actions.get(action.pk)
        if back is None and items.sources.get(action.responsibility_id):
            back = items.sources[action.responsibility_id][0]
        if back is None:
            continue
        action.responsibility_id = back
        record_change(action, by=by, reason=history_reason)
        action.save(update_fields=["responsibility"])

    added = [m.object_id for m in by_kind[SwitchMove.Kind.REGISTER]]
    for added_link in RegisterLink.objects.filter(pk__in=added):
        record_change(added_link, by=by, reason=history_reason)
        added_link.delete()

    now = timezone.now()
    for move in by_kind[SwitchMove.Kind.ASSIGNMENT]:
        assignment = RoleAssignment.objects.get(pk=move.object_id)
        record_change(assignment, by=by, reason=history_reason)
        if move.from_id:
            assignment.requirement_id = move.from_id
            assignment.save(update_fields=["requirement"])
        elif assignment.ended_at is None:
            assignment.ended_at = now
            assignment.save(update_fields=["ended_at"])

    _flip(switch.to_edition, switch.from_edition, by=by, reason=f"Edition switch undone: {reason.strip()}")
    switch.undone_at, switch.undone_by, switch.undo_reason = now, by, reason.strip()
    record_change(switch, by=by, reason=gettext_noop("Edition switch undone"))
    switch.save()
    responsibility_recompute(ids=list(items.targets) + list(target_ids))
    return switch


@transaction.atomic
def split_confirm(*, switch: EditionSwitch, responsibility: Responsibility, by) -> int:
    """The quality manager confirms that the records a split brought to an item belong there."""
    permissions.require(
        permissions.may_confirm_split(by), _("Only the quality manager confirms split items.")
    )
    count = (
        switch.moves.filter(to_id=responsibility.pk, split=True, confirmed_at__isnull=True)
        .exclude(kind=SwitchMove.Kind.ASSIGNMENT)
        .update(confirmed_by=by, confirmed_at=timezone.now())
    )
    if not count:
        raise ValidationError(
            _("Nothing is waiting for confirmation on %(responsibility_label)s.")
            % {"responsibility_label": responsibility.label}
        )
    return count
