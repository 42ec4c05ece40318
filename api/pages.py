"""The page under each person's account where they create, see and revoke their access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from api import services
from api.forms import TokenForm
from api.models import PersonalAccessToken
from core.actions import ServiceFormMixin, error_text

# The new token waits in the session for the one page view that shows it.
NEW_TOKEN = "api_new_token"


class TokenListView(ServiceFormMixin, FormView):
    """Your tokens (newest first, with last use), the one just created shown once, a form for a new one."""

    template_name = "api/token_list.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        tokens = PersonalAccessToken.objects.filter(user=self.request.user).select_related("use")
        return super().get_context_data(
            tokens=tokens, new_token=self.request.session.pop(NEW_TOKEN, None), **kwargs
        )

    def perform(self, form):
        token, raw = services.token_create(**form.cleaned_data, by=self.request.user)
        self.request.session[NEW_TOKEN] = {"name": token.name, "value": raw}
        return token

    def get_success_message(self) -> str:
        return _("Token created. Copy it now: it is shown only this once.")

    def get_success_url(self) -> str:
        return self.request.path


class TokenRevokeView(View):
    """POST: revoke one of your tokens; it stops working at once."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        token = get_object_or_404(PersonalAccessToken, pk=pk, user=request.user)
        try:
            services.token_revoke(token=token, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("tokens:list")
