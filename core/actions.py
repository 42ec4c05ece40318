"""Views that call one service: forms that re-display a refusal, and POST-only actions (approve,
hold, sign off...) that turn a refusal into a message and redirect."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import ProcessFormView


def validation_messages(error: ValidationError) -> list[str]:
    """A ValidationError's messages, field errors included, as plain sentences."""
    return list(error.messages)


def form_messages(form) -> list[str]:
    """A bound form's errors as "Label: error" sentences (non-field errors without a label)."""
    sentences = []
    for field, errors in form.errors.items():
        label = form.fields[field].label or field if field in form.fields else ""
        sentences.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return sentences


class ServiceFormMixin:
    """form_valid calls `perform(form)` (one service); a ValidationError re-displays the form."""

    success_message = "Saved."

    def perform(self, form):  # pragma: no cover - always overridden
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
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
            for message in form_messages(form):
                messages.error(request, message)
            return redirect(self.get_success_url())
        try:
            self.perform(self.object, form)
        except ValidationError as error:
            for message in validation_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, self.success_message)
        return redirect(self.get_success_url())
