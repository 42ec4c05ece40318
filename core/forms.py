"""Forms every app shares: the archive reason, and asking a signed-in user for their password again
under the attempt limit."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.accounts import AccountLocked, password_sign_in_allowed, verify_password


class ArchiveForm(forms.Form):
    """Why a record is archived: auditors will read it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, label=_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


LOCKED_MESSAGE = _(
    "Too many wrong attempts: you have been signed out and this account is locked at this address "
    "for a while."
)


class ReauthenticationMixin:
    """The field `password_field` must hold the signed-in user's password; attempts are limited.

    The form needs `self.request` and `self.user`. A wrong password is refused with a message;
    too many of them end the session and lock the user at this address (the sign-in limit).
    A signature form reuses it by naming its password field and calling clean_reauthentication.
    """

    password_field = "password"
    wrong_password_message = _("Your password was entered incorrectly. Please enter it again.")

    def clean_reauthentication(self) -> str:
        password = self.cleaned_data.get(self.password_field, "")
        try:
            ok = verify_password(self.request, self.user, password)
        except AccountLocked:
            raise ValidationError(LOCKED_MESSAGE, code="locked") from None
        if not ok:
            raise ValidationError(self.wrong_password_message, code="password_incorrect")
        return password


class AttemptLimitedPasswordChangeForm(ReauthenticationMixin, PasswordChangeForm):
    """Django's password change, with the old password checked under the sign-in attempt limit."""

    password_field = "old_password"

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        return self.clean_reauthentication()


class SignInForm(AuthenticationForm):
    """Django's sign-in form; with the password form turned off, only the break-glass account may
    use it (the others are told to use the identity provider, and no attempt is counted)."""

    def clean(self):
        if not password_sign_in_allowed(self.cleaned_data.get("username", "")):
            raise ValidationError(
                gettext("Sign in with %(provider)s: passwords are kept for the emergency account only.")
                % {"provider": settings.QMS_OIDC_PROVIDER_NAME},
                code="password_sign_in_off",
            )
        return super().clean()
