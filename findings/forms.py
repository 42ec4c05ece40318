from django import forms

from core.widgets import DateInput


class AcceptForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Why the organisation accepts this for now"
    )
    until = forms.DateField(widget=DateInput(), label="Accepted until")
