"""Forms of the objectives app: they check the input's shape; models and services check the rules."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import PolicyCommitment, PolicyVersion, Process
from core.signatures import Meaning, SignatureFields
from core.widgets import ChooseFilesAgainMixin, DateInput
from objectives.imports import COLUMNS
from objectives.models import ImportFile, Measurement, Objective, ResourceRequest

DATE = DateInput()


def _helper(label: str, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if form_tag:
        helper.add_input(Submit("submit", label))
    return helper


def commitment_choices(extra: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The commitments of the policy in force, plus keys already linked (so a stale link stays visible)."""
    choices = {
        c.key: f"{c.key}: {c.statement[:70]}"
        for c in PolicyCommitment.objects.filter(version__in=PolicyVersion.objects.in_force())
    }
    for key in extra:
        choices.setdefault(key, gettext("%(key)s (not in the policy in force)") % {"key": key})
    return sorted(choices.items())


class ObjectiveForm(forms.ModelForm):
    """Create or edit an objective's plan; its status moves through its own action."""

    commitment_keys = forms.MultipleChoiceField(
        label=_("Policy commitments it supports"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Objective
        fields = [
            "ref",
            "title",
            "description",
            "commitment_keys",
            "process",
            "level",
            "owner",
            "baseline",
            "target",
            "unit",
            "direction",
            "band_low",
            "band_high",
            "method",
            "frequency_days",
            "start_date",
            "due_date",
            "plan",
            "evaluation",
            "customer_related",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "method": forms.Textarea(attrs={"rows": 2}),
            "plan": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        linked = list(self.instance.commitments.values_list("key", flat=True)) if self.instance.pk else []
        self.fields["commitment_keys"].choices = commitment_choices(linked)
        self.fields["commitment_keys"].initial = linked
        self.fields["process"].queryset = Process.objects.active()
        self.helper = _helper(gettext("Save objective"))

    def objective_data(self) -> dict:
        """The cleaned model fields, for the services (commitment keys travel separately)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "commitment_keys"}


class MeasurementForm(forms.ModelForm):
    """The quick "record a measurement" form; a second value for the same day corrects the first."""

    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "comment"]
        widgets = {"measured_on": DATE, "comment": forms.TextInput()}
        help_texts = {"measured_on": _("Recording a value for a day that already has one corrects it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Record measurement"))


class StatusForm(forms.Form):
    """Move an objective to another status, with the reason kept in its history."""

    status = forms.ChoiceField(choices=Objective.Status.choices)
    reason = forms.CharField(required=False, widget=forms.TextInput())
    # Only approval (to active) is signed: the password typed again and what the signature means.
    password = forms.CharField(required=False, widget=forms.PasswordInput())
    meaning = forms.ChoiceField(required=False, choices=[(Meaning.APPROVED, Meaning.APPROVED.label)])


class ApprovalForm(SignatureFields):
    """Top management approves a proposed objective with an electronic signature."""

    meanings = (Meaning.APPROVED,)


class ResourceRequestForm(forms.ModelForm):
    """Ask for a resource (7.1) for an objective and/or a process."""

    class Meta:
        model = ResourceRequest
        fields = ["category", "description", "objective", "process", "quantity", "cost"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.active().open()
        self.fields["process"].queryset = Process.objects.active()
        self.helper = _helper(gettext("Send request"))


class DecisionForm(SignatureFields):
    """Top management's decision on a resource request, always with a reason and a signature."""

    meanings = (Meaning.RESPONSIBLE, Meaning.APPROVED, Meaning.REVIEWED)
    field_order = ["status", "reason", "meaning", "password"]

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s, ResourceRequest.Status(s).label) for s in ResourceRequest.DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Record decision"))


class ImportUploadForm(ChooseFilesAgainMixin, forms.Form):
    """Upload a CSV or XLSX file of objectives or measurements for preview."""

    kind = forms.ChoiceField(
        label=_("The file holds"), choices=ImportFile.Kind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(help_text=_("A .csv (UTF-8) or .xlsx file whose first row names the columns."))

    def __init__(self, *args, max_mb: int = 20, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb
        self.helper = _helper(gettext("Upload and preview"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(gettext("Upload a .csv or .xlsx file."))
        if upload.size > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(
                gettext("The file is larger than %(max_mb)s MB.") % {"max_mb": self.max_mb}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") not in COLUMNS:
            self.add_error("kind", gettext("Choose what the file holds."))
        return cleaned
