from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput


class AcceptForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Why the organisation accepts this for now")
    )
    until = forms.DateField(widget=DateInput(), label=_("Accepted until"))
