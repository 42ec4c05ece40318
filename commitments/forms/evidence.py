"""Forms of evidence, its files, and archiving."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Evidence, LeadershipAction, Responsibility
from core.fields import IdsMultipleChoiceField
from core.widgets import ChooseFilesAgainMixin, DateInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; the upload checks themselves run in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class EvidenceForm(ChooseFilesAgainMixin, forms.ModelForm):
    """Record or correct evidence; files are checked by the service, in the same transaction."""

    files = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, images, Office documents, plain text or CSV. Other types are refused."),
    )
    external_url = forms.URLField(
        label=_("Link (optional)"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Evidence
        fields = [
            "title",
            "kind",
            "fact_date",
            "valid_until",
            "responsibilities",
            "action",
            "external_url",
            "description",
        ]
        widgets = {
            "fact_date": DateInput(),
            "valid_until": DateInput(),
            "responsibilities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"fact_date": _("Date of the fact")}
        field_classes = {"responsibilities": IdsMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsibilities"].queryset = Responsibility.objects.of_active_edition()
        self.fields["action"].queryset = LeadershipAction.objects.active().select_related("responsibility")
        self.fields["action"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
