"""Forms of the people pages: shape only; the rules live in people.services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import twofactor
from core.accounts import AccountLocked
from core.forms import LOCKED_MESSAGE
from qms_leadership.roles import ROLE_KEYS

WRONG_CODE = _("That code is not right. Type the code your authenticator app shows now.")

ROLE_CHOICES = [("", _("No role (staff: own objectives and actions, the policy)"))] + [
    (key, _(label))
    for key, label in ROLE_KEYS.items()  # names marked in qms_leadership/roles.py
]


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class PersonForm(forms.Form):
    """Add a person: their sign-in name, full name, e-mail, role and first password."""

    username = forms.CharField(max_length=150, help_text=_("What they type to sign in; case is ignored."))
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False, label=_("E-mail"))
    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        label=_("First password"),
        help_text=_("Leave empty to get a temporary password to hand over."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Add person"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False)


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        max_length=300, label=_("Why"), help_text=_("For example: left the company on 30 June.")
    )


class CodeForm(forms.Form):
    """A code from the authenticator app (or a recovery code, where one is accepted)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class CheckedCodeForm(CodeForm):
    """A code checked against the signed-in person's devices, under the sign-in attempt limit."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        try:
            self.device = twofactor.verify(self.request, self.request.user, code)
        except AccountLocked:
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked") from None
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE, code="wrong_code")
        return code


BROWSER_LANGUAGE = "browser"


class LanguageForm(forms.Form):
    """The language menu and the account page's choice: a language, or the browser's."""

    language = forms.ChoiceField(label=_("Language"), widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (BROWSER_LANGUAGE, _("The browser's language")),
            *settings.LANGUAGES,
        ]

    def clean_language(self) -> str:
        """The code to store: "" for the browser's language."""
        language = self.cleaned_data["language"]
        return "" if language == BROWSER_LANGUAGE else language
