"""Errors as JSON that names the field: the services' refusals become 400 with field keys, 403 or 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def field_errors(error: DjangoValidationError, default_field: str) -> dict[str, list[str]]:
    """{field: [messages]}; a message about no field in particular goes under `default_field`."""
    if hasattr(error, "error_dict"):
        return {
            (default_field if name == "__all__" else name): [
                str(m) for m in DjangoValidationError(errors).messages
            ]
            for name, errors in error.error_dict.items()
        }
    return {default_field: [str(m) for m in error.messages]}


def handle(exc, context):
    """DRF's handler, after turning Django's own exceptions into DRF's."""
    if isinstance(exc, DjangoValidationError):
        view = context.get("view")
        exc = exceptions.ValidationError(field_errors(exc, getattr(view, "error_field", "non_field_errors")))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return exception_handler(exc, context)
