from django import forms


class AcceptForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Why the organisation accepts this for now"
    )
    until = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Accepted until")
