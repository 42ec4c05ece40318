"""Role matrix of the policy and register pages."""

from django.utils import timezone

from commitments.forms.policy import PolicyCommitmentForm, PolicyDraftForm
from commitments.forms.registers import ManagementRoleForm, ProcessForm, RiskForm
from commitments.models import ManagementRole, PolicyCommitment, PolicyVersion, Process, Risk
from tests.factories import PASSWORD
from tests.matrix import LOGGED_IN, READ_ROLES, READ_ROLES_POST, Route, expect, form_data, no_body
from tests.policy.factories import (
    ManagementRoleFactory,
    PolicyCommitmentFactory,
    PolicyVersionFactory,
    ProcessFactory,
    RiskFactory,
)


def _in_force():
    return PolicyVersion.objects.in_force().first() or PolicyVersionFactory(
        status="approved", with_mandatory=True
    )


def _draft():
    return PolicyVersion.objects.filter(status="draft").first() or PolicyVersionFactory(with_mandatory=True)


def _version(objects):
    return {"pk": _in_force().pk}


def _policy_in_force(objects):
    """No URL argument; makes sure a version is in force, so a new draft can copy it."""
    _in_force()
    return {}


def _draft_pk(objects):
    return {"pk": _draft().pk}


def _draft_commitment(objects):
    return {"pk": PolicyCommitmentFactory(version=_draft()).pk}


def _ack_data(objects):
    return {"version": _in_force().pk}


def _process(objects):
    return {"pk": ProcessFactory().pk}


def _risk(objects):
    return {"pk": RiskFactory().pk}


def _role(objects):
    return {"pk": ManagementRoleFactory().pk}


def _draft_edit(users, kwargs):
    form = PolicyDraftForm(instance=PolicyVersion.objects.get(pk=kwargs["pk"]))
    return form_data(form, text="We make parts right first time, every time.")


def _approval(users, kwargs):
    """Top management signs with their own password (every factory user has PASSWORD)."""
    return {"meaning": "approved", "password": PASSWORD}


def _new_commitment(users, kwargs):
    commitment = PolicyCommitment(key="on-time", statement="We deliver on the day we promised.", sort_order=5)
    return form_data(PolicyCommitmentForm(instance=commitment))


def _commitment_edit(users, kwargs):
    form = PolicyCommitmentForm(instance=PolicyCommitment.objects.get(pk=kwargs["pk"]))
    return form_data(form, statement="We deliver on the day we promised, or say so early.")


def _communication(users, kwargs):
    return {
        "communicated_on": timezone.localdate(),
        "channel": "briefing",
        "audience": "Everyone on the early shift",
        "notes": "Read out and discussed",
    }


def _archive(users, kwargs):
    return {"reason": "No longer part of how we work"}


def _new_process(users, kwargs):
    return form_data(ProcessForm(instance=ProcessFactory.build(name="Deburring", owner=users["quality"])))


def _new_risk(users, kwargs):
    form = RiskForm(instance=RiskFactory.build(process=ProcessFactory(), owner=users["quality"]))
    return form_data(form, title="Key supplier goes out of business")


def _new_role(users, kwargs):
    return form_data(ManagementRoleForm(instance=ManagementRoleFactory.build(holder=users["top"])))


EDITS = {
    "process": (Process, ProcessForm, {"purpose": "Parts leave clean and on time."}),
    "risk": (Risk, RiskForm, {"title": "Main supplier stops delivering"}),
    "role": (ManagementRole, ManagementRoleForm, {"area": "Production and logistics"}),
}


def _edit(register):
    model, form_class, changes = EDITS[register]

    def body(users, kwargs):
        return form_data(form_class(instance=model.objects.get(pk=kwargs["pk"])), **changes)

    return body


def _assignment(users, kwargs):
    from commitments.models import ListKey, Requirement

    return {
        "requirement": Requirement.objects.of_active_edition().in_list(ListKey.ROLE_ASSIGNMENTS).first().pk
    }


# Form pages: quality edits (GET 200, an empty POST re-displays the form with errors: 200).
QUALITY_FORM = expect(top=403, quality=200, auditor=403)
# POST-only actions of the quality manager: GET is not allowed.
QUALITY_ACTION_GET = expect(top=405, quality=405, auditor=403)
CHANGERS = frozenset({"employee", "top", "quality"})

ROUTES = [
    Route("policy:current", get=LOGGED_IN, post=expect(employee=405, top=405, quality=405, auditor=405)),
    Route("policy:print", get=LOGGED_IN, post=expect(employee=405, top=405, quality=405, auditor=405)),
    Route(
        "policy:acknowledge",
        get=expect(employee=405, top=405, quality=405, auditor=405),
        post=expect(employee=302, top=302, quality=302, auditor=403),
        post_data=_ack_data,
        post_changes=CHANGERS,
        valid_post=lambda users, kwargs: _ack_data(users),
    ),
    Route(
        "policy:banner_dismiss",
        get=expect(employee=405, top=405, quality=405, auditor=405),
        post=expect(employee=302, top=302, quality=302, auditor=302),
        post_data=_ack_data,
    ),
    Route("policy:version_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("policy:compare", get=READ_ROLES, post=READ_ROLES_POST),
    Route("policy:version_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_version),
    Route(
        "policy:draft_start",
        get=expect(quality=405),
        post=expect(quality=302),
        kwargs=_policy_in_force,
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
    Route(
        "policy:version_update",
        get=QUALITY_FORM,
        post=QUALITY_FORM,
        kwargs=_draft_pk,
        valid_post=_draft_edit,
    ),
    Route(
        "policy:version_approve",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=_draft_pk,
        post_changes=frozenset({"top"}),
        valid_post=_approval,
    ),
    Route(
        "policy:commitment_create",
        get=QUALITY_FORM,
        post=QUALITY_FORM,
        kwargs=_draft_pk,
        valid_post=_new_commitment,
    ),
    Route(
        "policy:commitment_update",
        get=QUALITY_FORM,
        post=QUALITY_FORM,
        kwargs=_draft_commitment,
        valid_post=_commitment_edit,
    ),
    Route(
        "policy:commitment_remove",
        get=QUALITY_FORM,
        post=expect(quality=302),
        kwargs=_draft_commitment,
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
    Route(
        "policy:communication_create",
        get=QUALITY_FORM,
        post=QUALITY_FORM,
        kwargs=_version,
        valid_post=_communication,
    ),
    Route("policy:acknowledgement_list", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_version),
    Route("registers:risk_matrix", get=READ_ROLES, post=READ_ROLES_POST),
]

# Each register has the same five pages with the same rules.
for _register, _make, _new in (
    ("process", _process, _new_process),
    ("risk", _risk, _new_risk),
    ("role", _role, _new_role),
):
    ROUTES += [
        Route(f"registers:{_register}_list", get=READ_ROLES, post=READ_ROLES_POST),
        Route(f"registers:{_register}_create", get=QUALITY_FORM, post=QUALITY_FORM, valid_post=_new),
        Route(f"registers:{_register}_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_make),
        Route(
            f"registers:{_register}_update",
            get=QUALITY_FORM,
            post=QUALITY_FORM,
            kwargs=_make,
            valid_post=_edit(_register),
        ),
        Route(
            f"registers:{_register}_archive",
            get=QUALITY_FORM,
            post=QUALITY_FORM,
            kwargs=_make,
            valid_post=_archive,
        ),
    ]


def _assignment_held_by_quality(objects):
    from django.utils import timezone

    from commitments.models import ListKey, Requirement, RoleAssignment

    role = ManagementRoleFactory(holder=objects["quality"])
    requirement = Requirement.objects.of_active_edition().in_list(ListKey.ROLE_ASSIGNMENTS).first()
    assignment = RoleAssignment.objects.create(
        role=role,
        requirement=requirement,
        holder=objects["quality"],
        assigned_by=objects["top"],
        assigned_at=timezone.now(),
    )
    return {"pk": assignment.pk}


LOGGED_IN_405 = expect(employee=405, top=405, quality=405, auditor=405)
ROUTES += [
    Route(
        "registers:role_assign",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=_role,
        valid_post=_assignment,
    ),
    Route("registers:my_assignments", get=LOGGED_IN, post=LOGGED_IN_405),
    # Only the holder finds the assignment to confirm; for anyone else it does not exist.
    Route(
        "registers:assignment_confirm",
        get=LOGGED_IN_405,
        post=expect(employee=404, top=404, quality=302, auditor=404),
        kwargs=_assignment_held_by_quality,
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
    Route(
        "registers:assignment_end",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=_assignment_held_by_quality,
        post_changes=frozenset({"top"}),
        valid_post=no_body,
    ),
]
