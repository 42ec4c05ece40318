import datetime

from django.utils import timezone

from commitments.forms.actions import LeadershipActionForm, ResponsibilityForm
from commitments.forms.evidence import EvidenceForm
from commitments.models import Evidence, LeadershipAction, Responsibility
from tests.commitments.factories import AttachmentFactory, EvidenceFactory, LeadershipActionFactory
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect, form_data, no_body

QUALITY_ONLY = expect(quality=200)
RECORDERS = expect(top=200, quality=200)
CHANGERS_POST_ONLY = expect(top=405, quality=405)
CHANGERS_REDIRECT = expect(top=302, quality=302)


def _responsibility(objects):
    return {"pk": Responsibility.objects.of_active_edition().first().pk}


def _owned_responsibility(objects):
    """A responsibility with an owner, for top management to confirm."""
    kwargs = _responsibility(objects)
    Responsibility.objects.filter(pk=kwargs["pk"]).update(owner=objects["top"])
    return kwargs


def _evidence(objects):
    return {"pk": EvidenceFactory(recorded_by=objects["quality"]).pk}


def _attachment(objects):
    return {"pk": AttachmentFactory(evidence__recorded_by=objects["quality"]).pk}


def _own_action(objects):
    """An action owned by the top-management test user, so their object-level right applies."""
    return {"pk": LeadershipActionFactory(owner=objects["top"]).pk}


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _responsibility_edit(users, kwargs):
    form = ResponsibilityForm(instance=Responsibility.objects.get(pk=kwargs["pk"]))
    return form_data(form, owner=users["top"].pk, evidence_cadence_days=45)


def _new_evidence(users, kwargs):
    return {
        "title": "Minutes of the quality meeting",
        "kind": Evidence.Kind.MEETING_MINUTES,
        "fact_date": _in_days(-3),
        "responsibilities": [Responsibility.objects.of_active_edition().first().pk],
        "description": "Signed by everyone present",
    }


def _evidence_edit(users, kwargs):
    form = EvidenceForm(instance=Evidence.objects.get(pk=kwargs["pk"]))
    return form_data(form, title="Minutes, corrected")


def _archive(users, kwargs):
    return {"reason": "Recorded twice by mistake"}


def _new_action(users, kwargs):
    return {
        "responsibility": Responsibility.objects.of_active_edition().first().pk,
        "title": "Present the quality figures at the staff meeting",
        "owner": users["top"].pk,
        "due_date": _in_days(20),
    }


def _action_edit(users, kwargs):
    form = LeadershipActionForm(instance=LeadershipAction.objects.get(pk=kwargs["pk"]))
    return form_data(form, title="Present the figures twice a year", due_date=_in_days(40))


ROUTES = [
    Route("commitments:responsibility_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:responsibility_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_responsibility),
    Route(
        "commitments:responsibility_update",
        get=QUALITY_ONLY,
        post=QUALITY_ONLY,
        kwargs=_responsibility,
        valid_post=_responsibility_edit,
    ),
    # Top management confirms the owner (a POST that records its act).
    Route(
        "commitments:responsibility_confirm_owner",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=_owned_responsibility,
        post_changes=frozenset({"top"}),
        valid_post=no_body,
    ),
    Route("commitments:evidence_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:evidence_create", get=RECORDERS, post=RECORDERS, valid_post=_new_evidence),
    Route("commitments:evidence_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_evidence),
    Route(
        "commitments:evidence_update",
        get=QUALITY_ONLY,
        post=QUALITY_ONLY,
        kwargs=_evidence,
        valid_post=_evidence_edit,
    ),
    Route(
        "commitments:evidence_archive",
        get=QUALITY_ONLY,
        post=QUALITY_ONLY,
        kwargs=_evidence,
        valid_post=_archive,
    ),
    Route("commitments:attachment_download", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_attachment),
    Route("commitments:action_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:my_actions", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:action_create", get=QUALITY_ONLY, post=QUALITY_ONLY, valid_post=_new_action),
    Route("commitments:action_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_own_action),
    Route(
        "commitments:action_update",
        get=RECORDERS,
        post=RECORDERS,
        kwargs=_own_action,
        valid_post=_action_edit,
    ),
    Route(
        "commitments:action_transition",
        get=CHANGERS_POST_ONLY,
        post=CHANGERS_REDIRECT,
        kwargs=_own_action,
        valid_post=lambda users, kwargs: {"status": LeadershipAction.Status.IN_PROGRESS},
    ),
    Route(
        "commitments:action_archive",
        get=QUALITY_ONLY,
        post=QUALITY_ONLY,
        kwargs=_own_action,
        valid_post=_archive,
    ),
]
