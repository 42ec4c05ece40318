"""Forms of the people pages: shape only; the rules live in people.services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from qms_leadership.roles import ROLE_KEYS

ROLE_CHOICES = [("", "No role (staff: own objectives and actions, the policy)")] + [
    (key, label) for key, label in ROLE_KEYS.items()
]


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class PersonForm(forms.Form):
    """Add a person: their sign-in name, full name, e-mail, role and first password."""

    username = forms.CharField(max_length=150, help_text="What they type to sign in; case is ignored.")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False, label="E-mail")
    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        label="First password",
        help_text="Leave empty to get a temporary password to hand over.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add person")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False)


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        max_length=300, label="Why", help_text="For example: left the company on 30 June."
    )
