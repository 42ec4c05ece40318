"""Each person's own account page: how they sign in, and their second factor (core.twofactor)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticToken

from core import twofactor
from core.accounts import AccountLocked
from people.forms import CheckedCodeForm, CodeForm


class AccountView(TemplateView):
    """Your account: the way you sign in, and turning the second factor on or off."""

    template_name = "people/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            second_factor_on=twofactor.is_on(user),
            second_factor_required=twofactor.is_required(user),
            recovery_codes_left=StaticToken.objects.filter(device__user=user).count(),
            local_password=user.has_usable_password(),
            code_form=CodeForm(),
            **kwargs,
        )


class SecondFactorSetupView(FormView):
    """Set up an authenticator app: a QR code to scan, then its first code puts it in force."""

    template_name = "people/second_factor_setup.html"
    form_class = CodeForm

    def get_context_data(self, **kwargs):
        device = twofactor.pending_device(self.request.user)
        return super().get_context_data(
            device=device,
            qr_code=twofactor.qr_code_svg(device) if device else None,
            secret=twofactor.secret_text(device) if device else None,
            required=twofactor.is_required(self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "start" in request.POST:
            twofactor.start_setup(user=request.user)
            return redirect("second_factor_setup")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            codes = twofactor.confirm_setup(
                request=self.request, user=self.request.user, code=form.cleaned_data["code"]
            )
        except AccountLocked:
            return redirect("login")
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return render(self.request, "people/recovery_codes.html", {"codes": codes, "just_turned_on": True})


class SecondFactorVerifyView(FormView):
    """The sign-in step after the password: a code from the app, or a recovery code."""

    template_name = "people/second_factor_verify.html"
    form_class = CheckedCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.session.get(twofactor.SESSION_KEY) != twofactor.ASK:
            return HttpResponseRedirect(self._next())
        return super().dispatch(request, *args, **kwargs)

    def _next(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            return target
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self._next(), **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        twofactor.mark_verified(self.request, form.device)
        return HttpResponseRedirect(self._next())


class _CodeConfirmedView(FormView):
    """An act on your second factor, confirmed with a current code (POST only)."""

    http_method_names = ["post"]
    form_class = CheckedCodeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        if self.request.user.is_authenticated:
            messages.error(self.request, " ".join(form.errors.get("code", [])) or "Type a code to confirm.")
        return redirect("account")

    def form_valid(self, form):
        try:
            return self.perform()
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("account")


class SecondFactorOffView(_CodeConfirmedView):
    """Turn the second factor off (not for a role that requires it)."""

    def perform(self):
        twofactor.turn_off(user=self.request.user)
        messages.success(self.request, _("The second factor is off: signing in asks for your password only."))
        return redirect("account")


class RecoveryCodesView(_CodeConfirmedView):
    """New recovery codes, shown once; the old ones stop working."""

    def perform(self):
        codes = twofactor.renew_recovery_codes(user=self.request.user)
        return render(self.request, "people/recovery_codes.html", {"codes": codes})
