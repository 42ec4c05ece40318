from commitments.models import Responsibility
from tests.commitments.factories import AttachmentFactory, EvidenceFactory, LeadershipActionFactory
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect

QUALITY_ONLY = expect(quality=200)
RECORDERS = expect(top=200, quality=200)
CHANGERS_POST_ONLY = expect(top=405, quality=405)
CHANGERS_REDIRECT = expect(top=302, quality=302)


def _responsibility(objects):
    return {"pk": Responsibility.objects.of_active_edition().first().pk}


def _evidence(objects):
    return {"pk": EvidenceFactory(recorded_by=objects["quality"]).pk}


def _attachment(objects):
    return {"pk": AttachmentFactory(evidence__recorded_by=objects["quality"]).pk}


def _own_action(objects):
    """An action owned by the top-management test user, so their object-level right applies."""
    return {"pk": LeadershipActionFactory(owner=objects["top"]).pk}


ROUTES = [
    Route("commitments:responsibility_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:responsibility_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_responsibility),
    Route("commitments:responsibility_update", get=QUALITY_ONLY, post=QUALITY_ONLY, kwargs=_responsibility),
    # Top management confirms the owner (a POST that records its act).
    Route(
        "commitments:responsibility_confirm_owner",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=_responsibility,
        post_changes=frozenset({"top"}),
    ),
    Route("commitments:evidence_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:evidence_create", get=RECORDERS, post=RECORDERS),
    Route("commitments:evidence_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_evidence),
    Route("commitments:evidence_update", get=QUALITY_ONLY, post=QUALITY_ONLY, kwargs=_evidence),
    Route("commitments:evidence_archive", get=QUALITY_ONLY, post=QUALITY_ONLY, kwargs=_evidence),
    Route("commitments:attachment_download", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_attachment),
    Route("commitments:action_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:my_actions", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:action_create", get=QUALITY_ONLY, post=QUALITY_ONLY),
    Route("commitments:action_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_own_action),
    Route("commitments:action_update", get=RECORDERS, post=RECORDERS, kwargs=_own_action),
    Route(
        "commitments:action_transition", get=CHANGERS_POST_ONLY, post=CHANGERS_REDIRECT, kwargs=_own_action
    ),
    Route("commitments:action_archive", get=QUALITY_ONLY, post=QUALITY_ONLY, kwargs=_own_action),
]
