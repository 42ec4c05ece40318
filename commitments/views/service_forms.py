"""Shared view plumbing: forms and POST actions that call one service and report its refusal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin


class ServiceFormMixin:
    """form_valid calls `perform(form)` (one service); a ValidationError re-displays the form."""

    success_message = "Saved."

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ServiceActionView(SingleObjectMixin, View):
    """A POST-only action on one object: `act(obj)` calls one service; refusals become messages."""

    http_method_names = ["post"]
    success_message = "Done."

    def act(self, obj):
        raise NotImplementedError

    def redirect_to(self, obj) -> str:
        return obj.get_absolute_url()

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.act(obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        return redirect(self.redirect_to(obj))
