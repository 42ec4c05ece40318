from commitments.models import Responsibility
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route


def _responsibility(objects):
    return {"pk": Responsibility.objects.of_active_edition().first().pk}


ROUTES = [
    Route("commitments:responsibility_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("commitments:responsibility_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_responsibility),
]
