"""Forms of the reviews app: they check the shape of the input; services check the rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import PolicyCommitment, PolicyVersion, Process
from core import permissions
from core.fields import IdsMultipleChoiceField
from core.formatting import shipped_text
from core.signatures import Meaning, SignatureFields
from core.widgets import DateInput
from objectives.models import Objective, ResourceRequest
from reviews.models import (
    CONCLUSION_QUESTIONS,
    ManagementReview,
    ReviewAction,
    ReviewDecision,
    ReviewInput,
    ReviewSchedule,
    Verdict,
)

User = get_user_model()
DATE = DateInput()


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def top_management():
    return permissions.top_management()


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReviewSchedule
        fields = ["interval_months", "grace_days", "qms_started_on"]
        widgets = {"qms_started_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext("Save schedule"))


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ManagementReview
        fields = ["title", "planned_date", "chair", "attendees", "other_attendees", "minutes"]
        field_classes = {"attendees": IdsMultipleChoiceField}
        widgets = {
            "planned_date": DATE,
            "attendees": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = top_management()
        self.fields["attendees"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "username"
        )
        self.helper = _helper(gettext("Save"))


class InputForm(forms.ModelForm):
    class Meta:
        model = ReviewInput
        fields = ["status", "notes", "deferred_reason", "deferred_to"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "deferred_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deferred_to"].queryset = ManagementReview.objects.not_held().exclude(
            pk=self.instance.review_id
        )
        self.fields["deferred_to"].required = False
        if not self.is_bound and self.instance.notes:
            # A note the product wrote (an input covered by its data package) in the reader's language.
            self.initial["notes"] = shipped_text(self.instance.notes)
        self.helper = _helper(gettext("Save input"))


class HoldForm(forms.Form):
    held_on = forms.DateField(widget=DATE)
    late_reason = forms.CharField(
        label=_("Reason for a late record"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the date is before the data package was compiled."),
    )


class ConclusionForm(SignatureFields):
    """Top management's conclusion on the quality system, required before sign-off and signed."""

    meanings = (Meaning.CONCLUDED,)
    verdict_fields = ("suitable", "adequate", "effective", "aligned")
    field_order = ["suitable", "adequate", "effective", "aligned", "conclusion", "meaning", "password"]

    suitable = forms.ChoiceField(
        choices=Verdict.choices, label=CONCLUSION_QUESTIONS[0][1], widget=forms.RadioSelect
    )
    adequate = forms.ChoiceField(
        choices=Verdict.choices, label=CONCLUSION_QUESTIONS[1][1], widget=forms.RadioSelect
    )
    effective = forms.ChoiceField(
        choices=Verdict.choices, label=CONCLUSION_QUESTIONS[2][1], widget=forms.RadioSelect
    )
    aligned = forms.ChoiceField(
        choices=Verdict.choices, label=CONCLUSION_QUESTIONS[3][1], widget=forms.RadioSelect
    )
    conclusion = forms.CharField(
        label=_("Overall conclusion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.ModelForm):
    commitment_key = forms.ChoiceField(
        label=_("Policy commitment it serves"),
        required=False,
        help_text=_("Links the decision into the commitment's chain in the audit pack."),
    )

    class Meta:
        model = ReviewDecision
        fields = ["kind", "description", "commitment_key"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        commitments = PolicyCommitment.objects.filter(version__status=PolicyVersion.Status.APPROVED)
        self.fields["commitment_key"].choices = [("", gettext("None"))] + [
            (c.key, f"{c.key}: {c.statement[:70]}") for c in commitments.order_by("sort_order", "key")
        ]
        self.helper = _helper(gettext("Record decision"))


class ActionForm(forms.ModelForm):
    class Meta:
        model = ReviewAction
        fields = ["title", "owner", "due_date"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("first_name", "username")
        self.helper = _helper(gettext("Add action"))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ReviewAction.Status.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResourceFromDecisionForm(forms.Form):
    """What a resource-need decision asks for; it becomes a request for top management to decide."""

    category = forms.ChoiceField(choices=())
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    objective = forms.ModelChoiceField(queryset=None, required=False)
    process = forms.ModelChoiceField(queryset=None, required=False)
    quantity = forms.DecimalField(min_value=0.01, max_digits=12, decimal_places=2, initial=1)
    cost = forms.DecimalField(
        min_value=0, max_digits=14, decimal_places=2, required=False, label=_("Estimated cost")
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = ResourceRequest.Category.choices
        self.fields["objective"].queryset = Objective.objects.active().order_by("ref")
        self.fields["process"].queryset = Process.objects.active().order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("objective") and not data.get("process"):
            raise forms.ValidationError(gettext("Say which objective or process the resource is for."))
        return data


class SignOffForm(SignatureFields):
    """The chair's signature on the minutes of a held review."""

    meanings = (Meaning.APPROVED, Meaning.REVIEWED)


class AttendanceForm(SignatureFields):
    """An attendee's signature confirming they attended."""

    meanings = (Meaning.ATTENDED,)


class InputEntryForm(forms.Form):
    """One input that needs words, on the page that records them all."""

    status = forms.ChoiceField(
        choices=[
            (ReviewInput.Status.COVERED, _("Covered")),
            (ReviewInput.Status.DEFERRED, _("Deferred")),
            (ReviewInput.Status.MISSING, _("Not yet")),
        ],
        initial=ReviewInput.Status.COVERED,
    )
    notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("What was presented")
    )
    deferred_reason = forms.CharField(required=False, label=_("Why deferred"))


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was discussed and concluded; the chair signs these off."),
    )
