"""Write use cases of the quality policy: drafts, commitments, approval, communication, acknowledgement."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import (
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyCommunication,
    PolicyVersion,
)
from core import events, permissions, signatures
from core.history import record_change
from core.services import serialise

DRAFT_FIELDS = ("title", "text", "context_and_direction")
COMMITMENT_FIELDS = ("key", "statement", "kind", "sort_order")


def _save(obj, *, by, reason: str) -> None:
    obj.full_clean()
    record_change(obj, by=by, reason=reason)
    obj.save()


def _locked_draft(version: PolicyVersion) -> PolicyVersion:
    """The row, locked, provided it is still a draft (an approved version is frozen)."""
    locked = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("Version %(number)s is %(status)s: only a draft can be changed.")
            % {"number": locked.number, "status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def policy_draft_start(*, by) -> PolicyVersion:
    """Start a new draft as a copy of the version in force (text, context and commitments, same keys)."""
    # Two "start a draft" clicks at once: the second waits here, then finds the first one's draft
    # (locking the versions' rows would not hold while there is none yet).
    serialise("policy-draft-start")
    if PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT).exists():
        raise ValidationError(_("A draft already exists: finish or approve it before starting another."))
    source = PolicyVersion.objects.in_force().prefetch_related("commitments").first()
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = PolicyVersion(
        number=number,
        title=source.title if source else _("Quality policy"),
        text=source.text if source else "",
        context_and_direction=source.context_and_direction if source else "",
        created_by=by,
    )
    if source is None:
        # A first draft has no text yet; full_clean would refuse the empty statement.
        record_change(draft, by=by, reason=gettext_noop("First draft started"))
        draft.save()
        return draft
    _save(draft, by=by, reason=f"Draft started from version {source.number}")
    for commitment in source.commitments.all():
        copy = PolicyCommitment(
            version=draft, **{field: getattr(commitment, field) for field in COMMITMENT_FIELDS}
        )
        _save(copy, by=by, reason=f"Copied from version {source.number}")
    return draft


@transaction.atomic
def policy_draft_update(*, version: PolicyVersion, by, **fields) -> PolicyVersion:
    """Change the text, title or context of a draft."""
    draft = _locked_draft(version)
    for field in DRAFT_FIELDS:
        if field in fields:
            setattr(draft, field, fields[field])
    _save(draft, by=by, reason=gettext_noop("Draft edited"))
    return draft


@transaction.atomic
def policy_commitment_add(*, version: PolicyVersion, by, **fields) -> PolicyCommitment:
    """Add a commitment to a draft."""
    draft = _locked_draft(version)
    commitment = PolicyCommitment(version=draft, **{f: fields[f] for f in COMMITMENT_FIELDS if f in fields})
    _save(commitment, by=by, reason=gettext_noop("Commitment added to the draft"))
    return commitment


@transaction.atomic
def policy_commitment_update(*, commitment: PolicyCommitment, by, **fields) -> PolicyCommitment:
    """Change a commitment of a draft."""
    _locked_draft(commitment.version)
    current = PolicyCommitment.objects.get(pk=commitment.pk)
    for field in COMMITMENT_FIELDS:
        if field in fields:
            setattr(current, field, fields[field])
    _save(current, by=by, reason=gettext_noop("Commitment edited"))
    return current


@transaction.atomic
def policy_commitment_remove(*, commitment: PolicyCommitment, by) -> None:
    """Take a commitment out of a draft (approved versions keep theirs for ever)."""
    _locked_draft(commitment.version)
    record_change(commitment, by=by, reason=gettext_noop("Commitment removed from the draft"))
    commitment.delete()


def approval_problems(version: PolicyVersion) -> list[str]:
    """What stops a version from being approved (empty when it may be approved)."""
    problems = []
    if not version.can_move_to(PolicyVersion.Status.APPROVED):
        problems.append(
            _("Version %(number)s is %(status)s, not a draft.")
            % {"number": version.number, "status": version.get_status_display().lower()}
        )
        return problems
    kinds = set(version.commitments.values_list("kind", flat=True))
    if PolicyCommitment.Kind.REQUIREMENTS not in kinds:
        problems.append(_("The policy must state a commitment to meet applicable requirements."))
    if PolicyCommitment.Kind.IMPROVEMENT not in kinds:
        problems.append(_("The policy must state a commitment to continual improvement."))
    if not version.context_and_direction.strip():
        problems.append(_("Record the context and strategic direction this version was checked against."))
    if not version.text.strip():
        problems.append(_("The policy text is empty."))
    return problems


POLICY_APPROVAL_MEANINGS = (signatures.Meaning.APPROVED, signatures.Meaning.RESPONSIBLE)


@transaction.atomic
def policy_version_approve(
    *, version: PolicyVersion, by, password: str, meaning: str = signatures.Meaning.APPROVED
) -> PolicyVersion:
    """Approve a draft with an electronic signature: it comes into force and the previous version
    is superseded, in one step."""
    draft = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    problems = approval_problems(draft)
    if problems:
        raise ValidationError(problems)
    signatures.sign(
        record=draft,
        by=by,
        password=password,
        meaning=meaning,
        statement=f"Approval of the quality policy, version {draft.number}",
        allowed=POLICY_APPROVAL_MEANINGS,
    )
    today = timezone.localdate()
    # Supersede first: the one_policy_in_force constraint allows a single approved row at any moment.
    for previous in PolicyVersion.objects.select_for_update().in_force():
        previous.status = PolicyVersion.Status.SUPERSEDED
        previous.superseded_on = today
        _save(previous, by=by, reason=f"Superseded by version {draft.number}")
    draft.status = PolicyVersion.Status.APPROVED
    draft.approved_by = by
    draft.approved_on = today
    _save(draft, by=by, reason=gettext_noop("Approved by top management"))
    events.emit(events.Kind.POLICY_APPROVED, draft)
    return draft


@transaction.atomic
def policy_communication_record(*, version: PolicyVersion, by, **fields) -> PolicyCommunication:
    """Record how an approved version was communicated."""
    if version.status == PolicyVersion.Status.DRAFT:
        raise ValidationError(_("A draft is not communicated: approve it first."))
    communication = PolicyCommunication(
        version=version,
        recorded_by=by,
        **{f: fields[f] for f in ("communicated_on", "channel", "audience", "notes") if f in fields},
    )
    _save(communication, by=by, reason=gettext_noop("Communication recorded"))
    return communication


@transaction.atomic
def policy_acknowledge(*, version: PolicyVersion, by) -> PolicyAcknowledgement:
    """Record that a person read the version in force; read-only reviewers acknowledge nothing."""
    if not permissions.may_acknowledge_policy(by):
        raise ValidationError(_("Read-only reviewers do not acknowledge the policy."))
    current = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not current.is_in_force:
        raise ValidationError(
            _("Only the version in force can be acknowledged; please read the current one.")
        )
    if PolicyAcknowledgement.objects.filter(version=current, user=by).exists():
        raise ValidationError(_("You have already acknowledged this version."))
    acknowledgement = PolicyAcknowledgement(version=current, user=by)
    _save(acknowledgement, by=by, reason=gettext_noop("Policy acknowledged"))
    # A plain UPDATE: the stored count is not part of the version's change history.
    PolicyVersion.objects.filter(pk=current.pk).update(acknowledgement_count=F("acknowledgement_count") + 1)
    return acknowledgement


def policy_recompute_acknowledgement_counts() -> int:
    """Set-based repair of the stored acknowledgement counts; returns the number of versions updated."""
    counts = (
        PolicyAcknowledgement.objects.filter(version=OuterRef("pk"))
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return PolicyVersion.objects.update(acknowledgement_count=Coalesce(Subquery(counts), 0))
