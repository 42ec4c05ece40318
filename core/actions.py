"""Views that call one service: forms that re-display a refusal, and POST-only actions (approve,
hold, sign off...) that turn a refusal into a message and redirect.

Every form view is guarded (GuardedFormMixin): a one-time submit token makes a double submit
record once, an edit form carries the version of the record it shows and refuses to overwrite a
newer one, and a unique conflict from a simultaneous save becomes a message, never a 500.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView, ProcessFormView

from core import services as core_services
from core.archiving import ARCHIVED_REFUSAL
from core.forms import ArchiveForm

TOKEN_FIELD = "form_token"
TOKEN_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
VERSION_FIELD = "seen_version"
CONFLICT_MESSAGE = gettext_lazy(
    "Someone saved a conflicting record at the same moment, so nothing was saved. "
    "Check the values and save again."
)
ALREADY_SENT_MESSAGE = gettext_lazy("This form had already been sent; it was recorded once.")


def validation_messages(error: ValidationError) -> list[str]:
    """A ValidationError's messages, field errors included, as plain sentences."""
    return list(error.messages)


def error_text(error: ValidationError) -> str:
    """A service's refusal as one message for the page."""
    return " ".join(validation_messages(error))


def add_to_form(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_messages(form) -> list[str]:
    """A bound form's errors as "Label: error" sentences (non-field errors without a label)."""
    sentences = []
    for field, errors in form.errors.items():
        label = form.fields[field].label or field if field in form.fields else ""
        sentences.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return sentences


def submit_token(value) -> str:
    """The form's submit token, or "" when a client sent something no form of ours could have: only
    letters, digits, "-" and "_", 8 to 64 of them, ever reach the database."""
    value = value if isinstance(value, str) else ""
    return value if 8 <= len(value) <= 64 and all(c in TOKEN_CHARACTERS for c in value) else ""


def edited_object(form):
    """The saved record an edit form changes, or None for a form that creates one."""
    instance = getattr(form, "instance", None)
    return instance if instance is not None and instance.pk and hasattr(instance, "history") else None


def add_guard_fields(form):
    """Add the hidden submit token, and on an edit form the version of the record it shows."""
    form.fields[TOKEN_FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=uuid.uuid4().hex
    )
    edited = edited_object(form)
    if edited is not None:
        form.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=core_services.edit_version(edited)
        )
    return form


class _Refused(Exception):
    """The guarded body answered without redirecting (a re-displayed form): undo the claim."""

    def __init__(self, response):
        self.response = response


class GuardedFormMixin:
    """Submit token, optimistic lock and unique-conflict handling around the view's form_valid."""

    def get_form(self, form_class=None):
        return add_guard_fields(super().get_form(form_class))

    def post(self, request, *args, **kwargs):
        # A repeated post goes where the first one went, before its (now stale) form is even checked.
        token = submit_token(request.POST.get(TOKEN_FIELD, ""))
        if token and core_services.submission_claimed(token=token):
            return self._already_sent(token)
        return super().post(request, *args, **kwargs)

    def _already_sent(self, token: str):
        messages.info(self.request, ALREADY_SENT_MESSAGE)
        return redirect(core_services.submission_result(token=token) or self.request.path)

    def form_valid(self, form):
        # The guard's own fields leave cleaned_data, so views pass only the record's fields on.
        token = submit_token(form.cleaned_data.pop(TOKEN_FIELD, ""))
        seen = form.cleaned_data.pop(VERSION_FIELD, None)
        if form.add_prefix(VERSION_FIELD) not in form.data:
            seen = None  # a client that never showed the form (a script) claims no version
        edited = edited_object(form)
        try:
            with transaction.atomic():
                if token and not core_services.submission_claim(token=token, by=self.request.user):
                    return self._already_sent(token)
                if edited is not None and seen is not None:
                    core_services.edit_ensure_unchanged(obj=edited, seen=seen)
                with transaction.atomic():
                    response = self.save_form(form)
                if not isinstance(response, HttpResponseRedirect):
                    raise _Refused(response)
                if token:
                    core_services.submission_result(token=token, url=response.url)
                return response
        except _Refused as refused:
            return refused.response
        except core_services.StaleEdit as error:
            form.data = form.data.copy()
            form.data[form.add_prefix(VERSION_FIELD)] = error.current_version
            form.add_error(None, error)
            return self.form_invalid(form)
        except IntegrityError:
            form.full_clean()  # the conflicting row is visible now: its own unique message, if any
            if not form.errors:
                form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)

    def save_form(self, form):
        """The view's own saving, inside the guard (by default the generic view's form_valid)."""
        return super().form_valid(form)


class ServiceFormMixin(GuardedFormMixin):
    """form_valid calls `perform(form)` (one service); a ValidationError re-displays the form."""

    success_message = gettext_lazy("Saved.")

    def perform(self, form):  # pragma: no cover - always overridden
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def save_form(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class ServiceActionView(PermissionRequiredMixin, SingleObjectMixin, ProcessFormView):
    """Subclasses set model, permission_required, optional form_class, and implement perform()."""

    http_method_names = ["post"]
    form_class = None
    success_message = gettext_lazy("Done.")

    def perform(self, obj, form):  # pragma: no cover - always overridden
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_form(self):
        """The posted form; one that checks the signed-in user's password (a signature) gets the request."""
        extra = {"request": self.request} if getattr(self.form_class, "needs_request", False) else {}
        return self.form_class(self.request.POST, **extra)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form() if self.form_class else None
        if form is not None and not form.is_valid():
            for message in form_messages(form):
                messages.error(request, message)
            return redirect(self.get_success_url())
        try:
            with transaction.atomic():
                self.perform(self.object, form)
        except ValidationError as error:
            for message in validation_messages(error):
                messages.error(request, message)
        except IntegrityError:
            messages.error(request, CONFLICT_MESSAGE)
        else:
            messages.success(request, self.success_message)
        return redirect(self.get_success_url())


class ArchiveView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A confirmation page asking why, then the record is archived (never deleted).

    Subclasses set `model` and `permission_required` and implement `archive(obj, reason)` with the
    app's service; a refusal re-displays the page with the reason.
    """

    template_name = "partials/archive_confirm.html"
    model = None
    success_message = gettext_lazy("Archived. It stays in the history and under the 'archived' filter.")
    kept_note = gettext_lazy(
        "Archived records are never deleted: they leave the default lists but stay readable, "
        "with their history, for auditors."
    )

    def get_form_class(self):
        return ArchiveForm  # whatever form_class a mixin of the record's pages sets is its edit form

    def get_queryset(self):
        return self.model.objects.all()

    def dispatch(self, request, *args, **kwargs):
        # The 403-or-404 rule: no such record is 404; one already archived exists, so 403 says why.
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if self.object.is_archived:
            raise PermissionDenied(ARCHIVED_REFUSAL)
        return super().dispatch(request, *args, **kwargs)

    def archive(self, obj, reason: str):  # pragma: no cover - always overridden
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_cancel_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object, cancel_url=self.get_cancel_url(), kept_note=self.kept_note, **kwargs
        )

    def perform(self, form):
        self.archive(self.object, form.cleaned_data["reason"])
        return self.object
