"""Each person's own account page: how they sign in, and their second factor (core.twofactor)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticToken

from core import languages, twofactor
from core import services as core_services
from core.accounts import AccountLocked
from people.forms import BROWSER_LANGUAGE, CheckedCodeForm, CodeForm, LanguageForm


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
            language_form=LanguageForm(
                initial={"language": self.request.session.get(languages.SESSION_KEY) or BROWSER_LANGUAGE}
            ),
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


@method_decorator(login_not_required, name="dispatch")
class LanguageView(View):
    """Choose the language (POST only): a signed-in person's choice is kept on their account; before
    signing in, in a cookie. Either way the browser keeps it too, for the sign-in page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = LanguageForm(request.POST)
        signed_in = request.user.is_authenticated
        if not form.is_valid():
            if signed_in:
                messages.error(request, _("Choose one of the languages offered."))
            return redirect(self._next(signed_in))
        language = form.cleaned_data["language"]
        if signed_in:
            core_services.language_set(language=language, by=request.user)
            request.session[languages.SESSION_KEY] = language
        response = redirect(self._next(signed_in))
        languages.set_cookie(response, language)
        return response

    def _next(self, signed_in: bool) -> str:
        target = self.request.POST.get("next", "")
        # Only a path of this site: anything else (another host, a bare word redirect() would take
        # for a view name) goes to the default page.
        safe = target.startswith("/") and url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, self.request.is_secure()
        )
        if not signed_in:
            # Before signing in, the only page is the sign-in page (keeping where it leads).
            login = resolve_url(settings.LOGIN_URL)
            return target if safe and target.startswith(login) else login
        return target if safe else resolve_url("account")
