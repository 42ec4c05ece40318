"""The form of the personal access token page."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import PersonalAccessToken
from core.widgets import DateInput

DEFAULT_DAYS = 90


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)


class TokenForm(forms.Form):
    """Name, scope and last day of a new token."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “ERP measurements”.")
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=PersonalAccessToken.Scope.choices,
        initial=PersonalAccessToken.Scope.READ,
        help_text=_("A token never does more than you may; a read-only reviewer's token only reads."),
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput(), initial=default_expiry)
