"""Role matrix of the objectives pages: every URL x role x method, with the status each must get."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from objectives.forms import ObjectiveForm, ResourceRequestForm
from objectives.models import ImportFile, Objective, ResourceRequest
from tests.factories import PASSWORD
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect, form_data
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory

QUALITY_ONLY = expect(quality=200)
# POST-only action views: a role with the permission gets 405 on GET, the others 403.
TOP_ACTION_GET = expect(top=405)
QUALITY_ACTION_GET = expect(quality=405)


def _objective(users):
    """An objective owned by the employee, so the owner rule is exercised too."""
    return {"pk": ObjectiveFactory(owner=users["employee"]).pk}


def _request(users):
    return {"pk": ResourceRequestFactory().pk}


def _approved_request(users):
    approved = ResourceRequestFactory(
        status=ResourceRequest.Status.APPROVED,
        decided_by=users["top"],
        decided_on=timezone.localdate(),
        decision_reason="Within budget",
    )
    return {"pk": approved.pk}


GOOD_CSV = b"ref,title\nOBJ-NEW,Answer every complaint within five days\n"


def _staged_file(users, content: bytes):
    staged = ImportFile.objects.create(
        kind=ImportFile.Kind.OBJECTIVES,
        filename="objectives.csv",
        file=SimpleUploadedFile("objectives.csv", content),
        uploaded_by=users["quality"],
    )
    return {"pk": staged.pk}


def _staged(users):
    """A staged file with bad rows: the preview lists them."""
    return _staged_file(users, b"ref,title,target\nOBJ-1,,not-a-number\n")


def _good_staged(users):
    return _staged_file(users, GOOD_CSV)


def _new_objective(users, kwargs):
    return form_data(ObjectiveForm(instance=ObjectiveFactory.build(owner=users["employee"], ref="OBJ-NEW")))


def _objective_edit(users, kwargs):
    return form_data(ObjectiveForm(instance=Objective.objects.get(pk=kwargs["pk"])), title="Fewer returns")


def _measurement(users, kwargs):
    return {"measured_on": timezone.localdate(), "value": "85", "comment": "From the monthly report"}


def _new_request(users, kwargs):
    return form_data(ResourceRequestForm(instance=ResourceRequestFactory.build(objective=ObjectiveFactory())))


def _decision(users, kwargs):
    return {"status": "approved", "reason": "Within budget", "meaning": "approved", "password": PASSWORD}


def _upload(users, kwargs):
    return {"kind": "objectives", "file": SimpleUploadedFile("objectives.csv", GOOD_CSV)}


def _file(kind, fmt):
    return lambda users: {"kind": kind, "fmt": fmt}


ROUTES = [
    Route("objectives:list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("objectives:create", get=QUALITY_ONLY, post=QUALITY_ONLY, valid_post=_new_objective),
    Route("objectives:detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_objective),
    Route(
        "objectives:update",
        get=QUALITY_ONLY,
        post=QUALITY_ONLY,
        kwargs=_objective,
        valid_post=_objective_edit,
    ),
    Route(
        "objectives:archive",
        get=QUALITY_ONLY,
        post=QUALITY_ONLY,
        kwargs=_objective,
        valid_post=lambda users, kwargs: {"reason": "Merged into another objective"},
    ),
    # Concluding is for top management; the quality manager is refused with a message.
    Route(
        "objectives:status",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=_objective,
        valid_post=lambda users, kwargs: {"status": "achieved", "reason": "Target reached"},
        valid_by=frozenset({"top"}),
        refused_status=expect(quality=403),
    ),
    # The employee owns the objective.
    Route(
        "objectives:measurement_create",
        get=expect(employee=200, quality=200),
        post=expect(employee=200, quality=200),
        kwargs=_objective,
        valid_post=_measurement,
    ),
    Route("objectives:resource_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("objectives:resource_create", get=QUALITY_ONLY, post=QUALITY_ONLY, valid_post=_new_request),
    Route("objectives:resource_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_request),
    Route(
        "objectives:resource_decide",
        get=TOP_ACTION_GET,
        post=expect(top=302),
        kwargs=_request,
        valid_post=_decision,
    ),
    # The button is the whole form: a POST by the quality manager records the delivery.
    Route(
        "objectives:resource_provided",
        get=QUALITY_ACTION_GET,
        post=expect(quality=302),
        kwargs=_approved_request,
        post_changes=frozenset({"quality"}),
        valid_post=lambda users, kwargs: {},
    ),
    Route("objectives:import_upload", get=QUALITY_ONLY, post=QUALITY_ONLY, valid_post=_upload),
    Route("objectives:import_preview", get=QUALITY_ONLY, post=expect(quality=405), kwargs=_staged),
    Route(
        "objectives:import_confirm",
        get=QUALITY_ACTION_GET,
        post=expect(quality=302),
        kwargs=_good_staged,
        post_changes=frozenset({"quality"}),
        valid_post=lambda users, kwargs: {},
    ),
    Route("objectives:template", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_file("objectives", "xlsx")),
]
