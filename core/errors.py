"""The product's own error pages (400, 403, 404, 500): what happened and what to do next.

The 403 page names the roles that may do what was refused, read from the view's declared
permission and qms_leadership/roles.py. The 500 page renders without a request context, so it
still shows when the database is down.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, JsonResponse
from django.shortcuts import render
from django.template import loader

from qms_leadership.roles import roles_granted


def required_permissions(request) -> list[str]:
    """The permissions the refused view declares (class-based views with permission_required)."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    declared = getattr(view_class, "permission_required", None)
    if not declared:
        return []
    return [declared] if isinstance(declared, str) else list(declared)


def _permission_names(permissions: list[str]) -> list[str]:
    names = []
    for perm in permissions:
        app_label, _, codename = perm.partition(".")
        found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        names.append(str(found.name) if found else codename.replace("_", " "))
    return names


def refusal(request, exception=None) -> dict:
    """What the 403 page says: the reason given, the permission missing and who holds it."""
    permissions = [p for p in required_permissions(request) if not request.user.has_perm(p)]
    roles: list[str] = []
    for perm in permissions:
        roles += [r for r in roles_granted(perm) if r not in roles]
    reason = str(exception) if exception is not None and str(exception) else ""
    return {"reason": reason, "needed": _permission_names(permissions), "roles": roles}


def _for_a_script(request) -> bool:
    """Under the API's prefix the caller is a script: it gets JSON, never a page."""
    return request is not None and request.path.startswith(settings.QMS_API_PATH_PREFIX)


def _json(detail: str, status: int):
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception=None):
    """400: the request could not be read (a broken form or link); a BadRequest raised by our code
    carries a message meant for the user."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    if _for_a_script(request):
        return _json(message or "The request could not be read.", 400)
    return HttpResponseBadRequest(render(request, "400.html", {"message": message}).content)


def permission_denied(request, exception=None):
    """403: what was refused, and who may do it."""
    if _for_a_script(request):
        return _json(str(exception or "") or "You do not have permission to do this.", 403)
    return HttpResponseForbidden(render(request, "403.html", refusal(request, exception)).content)


def page_not_found(request, exception=None):
    """404: nothing at this address (or nothing you may see)."""
    if _for_a_script(request):
        return _json("Not found.", 404)
    response = HttpResponseNotFound(render(request, "404.html", {"path": request.path}).content)
    response.branded = True
    return response


def server_error(request):
    """500: rendered from the template alone, with no database-backed context."""
    from django.http import HttpResponseServerError

    if _for_a_script(request):
        return _json("Server error: the request was not completed.", 500)

    return HttpResponseServerError(loader.get_template("500.html").render())


class BrandedNotFoundMiddleware:
    """With DEBUG on (the local run), show the product's 404 rather than Django's debug page, so
    people trying the app see what production shows. API (JSON) answers are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "branded", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response
