"""Views that call one service: forms that re-display a refusal, and POST-only actions (approve,
hold, sign off...) that turn a refusal into a message and redirect."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView, ProcessFormView

from core.forms import ArchiveForm


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


class ServiceFormMixin:
    """form_valid calls `perform(form)` (one service); a ValidationError re-displays the form."""

    success_message = "Saved."

    def perform(self, form):  # pragma: no cover - always overridden
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ServiceActionView(PermissionRequiredMixin, SingleObjectMixin, ProcessFormView):
    """Subclasses set model, permission_required, optional form_class, and implement perform()."""

    http_method_names = ["post"]
    form_class = None
    success_message = "Done."

    def perform(self, obj, form):  # pragma: no cover - always overridden
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(request.POST) if self.form_class else None
        if form is not None and not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(
                        request, f"{form.fields[field].label if field in form.fields else ''}: {error}"
                    )
            return redirect(self.get_success_url())
        try:
            self.perform(self.object, form)
        except ValidationError as error:
            for message in validation_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, self.success_message)
        return redirect(self.get_success_url())


class ArchiveView(PermissionRequiredMixin, FormView):
    """A confirmation page asking why, then the record is archived (never deleted).

    Subclasses set `model` and `permission_required` and implement `archive(obj, reason)` with the
    app's service; a refusal re-displays the page with the reason.
    """

    template_name = "partials/archive_confirm.html"
    model = None
    success_message = "Archived. It stays in the history and under the 'archived' filter."
    kept_note = (
        "Archived records are never deleted: they leave the default lists but stay readable, "
        "with their history, for auditors."
    )

    def get_form_class(self):
        return ArchiveForm  # whatever form_class a mixin of the record's pages sets is its edit form

    def get_queryset(self):
        return self.model.objects.active()

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
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

    def form_valid(self, form):
        try:
            self.archive(self.object, form.cleaned_data["reason"])
        except ValidationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())
