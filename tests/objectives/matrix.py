"""Role matrix of the objectives pages: every URL x role x method, with the status each must get."""

from django.core.files.uploadedfile import SimpleUploadedFile

from objectives.models import ImportFile
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect
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


def _staged(users):
    staged = ImportFile.objects.create(
        kind=ImportFile.Kind.OBJECTIVES,
        filename="objectives.csv",
        file=SimpleUploadedFile("objectives.csv", b"ref,title,target\nOBJ-1,,not-a-number\n"),
        uploaded_by=users["quality"],
    )
    return {"pk": staged.pk}


def _file(kind, fmt):
    return lambda users: {"kind": kind, "fmt": fmt}


ROUTES = [
    Route("objectives:list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("objectives:create", get=QUALITY_ONLY, post=QUALITY_ONLY),
    Route("objectives:detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_objective),
    Route("objectives:update", get=QUALITY_ONLY, post=QUALITY_ONLY, kwargs=_objective),
    Route("objectives:archive", get=QUALITY_ONLY, post=QUALITY_ONLY, kwargs=_objective),
    Route(
        "objectives:status",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=_objective,
    ),
    Route(
        "objectives:measurement_create",
        get=expect(employee=200, quality=200),
        post=expect(employee=200, quality=200),
        kwargs=_objective,
    ),
    Route("objectives:resource_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("objectives:resource_create", get=QUALITY_ONLY, post=QUALITY_ONLY),
    Route("objectives:resource_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_request),
    Route("objectives:resource_decide", get=TOP_ACTION_GET, post=expect(top=302), kwargs=_request),
    Route("objectives:resource_provided", get=QUALITY_ACTION_GET, post=expect(quality=302), kwargs=_request),
    Route("objectives:import_upload", get=QUALITY_ONLY, post=QUALITY_ONLY),
    Route("objectives:import_preview", get=QUALITY_ONLY, post=expect(quality=405), kwargs=_staged),
    Route("objectives:import_confirm", get=QUALITY_ACTION_GET, post=expect(quality=302), kwargs=_staged),
    Route("objectives:template", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_file("objectives", "xlsx")),
]
