"""Write use cases of leadership actions."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import LeadershipAction, Responsibility
from commitments.services.status import responsibility_recompute
from core import archiving, permissions, tracked
from core.history import record_change


def _require_change_right(action: LeadershipAction, by) -> None:
    if not permissions.may_change_leadership_action(by, action):
        raise PermissionDenied(_("Only the action's owner or the quality manager may change it."))


@transaction.atomic
def action_create(
    *,
    responsibility: Responsibility,
    title: str,
    owner,
    due_date: datetime.date,
    description: str = "",
    by,
) -> LeadershipAction:
    """Record what a leader commits to do for a responsibility."""
    action = LeadershipAction(
        responsibility=responsibility, title=title, description=description, owner=owner, due_date=due_date
    )
    action.full_clean()
    record_change(action, by=by, reason=gettext_noop("Action planned"))
    action.save()
    responsibility_recompute(ids=[responsibility.pk])
    return action


EDITABLE = ("responsibility", "title", "description", "owner", "due_date")


@transaction.atomic
def action_update(*, action: LeadershipAction, by, **fields) -> LeadershipAction:
    """Change an action's details; a leader may change only their own (checked here, not only in views)."""
    _require_change_right(action, by)
    if action.is_archived:
        raise ValidationError(_("An archived action cannot be changed."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if not permissions.may_reassign_leadership_action(by) and (
        fields.get("owner", action.owner) != action.owner
        or fields.get("responsibility", action.responsibility) != action.responsibility
    ):
        raise PermissionDenied(_("Only the quality manager may hand an action over or move it."))
    before = action.responsibility_id
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    record_change(action, by=by, reason=gettext_noop("Action updated"))
    action.save()
    responsibility_recompute(ids={before, action.responsibility_id})
    return action


@transaction.atomic
def action_transition(*, action: LeadershipAction, status: str, by, note: str = "") -> LeadershipAction:
    """Move an action to another status; only the legal moves are accepted."""
    _require_change_right(action, by)
    tracked.move(action=action, status=status, note=note, by=by)
    responsibility_recompute(ids=[action.responsibility_id])
    return action


@transaction.atomic
def action_archive(*, action: LeadershipAction, reason: str, by) -> LeadershipAction:
    """Hide an action from default lists (never delete it)."""
    archiving.archive(obj=action, reason=reason, by=by)
    responsibility_recompute(ids=[action.responsibility_id])
    return action
