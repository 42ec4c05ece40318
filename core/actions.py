"""POST-only action views (approve, hold, sign off...): validate, call one service, report, redirect."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import ProcessFormView


def validation_messages(error: ValidationError) -> list[str]:
    """A ValidationError's messages, field errors included, as plain sentences."""
    return list(error.messages)


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
