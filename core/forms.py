"""Forms every app shares."""

from crispy_forms.helper import FormHelper
from django import forms


class ArchiveForm(forms.Form):
    """Why a record is archived: auditors will read it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, label="Reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
