"""The OpenAPI description: every operation says who may call it, and offers `as_of` where it works."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

# The query parameter of the rows as they stood at the end of a day.
AS_OF = "as_of"


class PermissionSchema(AutoSchema):
    """drf-spectacular's schema, with the endpoint's rule (api.permissions) in each description."""

    def get_description(self):
        text = super().get_description() or ""
        rule = self.view.rule() if self.view.action is not None else None
        who = rule.text if rule is not None else _("Not offered: 405.")
        token = (
            "" if self.method in ("GET", "HEAD") else " " + _("Needs a token with the read and write scope.")
        )
        return f"{text}\n\n**{_('Permission')}:** {who}{token}".strip()

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if getattr(self.view, "as_of_model", None) is not None and self.view.action in ("list", "retrieve"):
            parameters.append(
                OpenApiParameter(
                    AS_OF,
                    OpenApiTypes.DATE,
                    description=_("Rows as recorded at the end of this day (YYYY-MM-DD), from the history."),
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = {"description": _("Refused: the body says why, field by field or in `detail`.")}
        for code in ("400", "401", "403", "404", "429"):
            responses.setdefault(code, {**error, "content": {"application/json": {"schema": ERROR_SCHEMA}}})
        return responses


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a refusal as a whole, or field names with their messages.",
    "additionalProperties": True,
}


class TokenScheme(OpenApiAuthenticationExtension):
    """The personal access token, as the schema's security scheme."""

    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": _("A personal access token (qms_…).")}


class SessionScheme(OpenApiAuthenticationExtension):
    """The browser's session cookie (writes also need the CSRF token)."""

    target_class = "api.authentication.BrowserSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
