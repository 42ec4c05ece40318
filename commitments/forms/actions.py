"""Forms of leadership actions and of a responsibility's owner and cadence."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import LeadershipAction, Responsibility
from commitments.selectors import leaders
from core.widgets import DateInput


class LeadershipActionForm(forms.ModelForm):
    """Plan or change an action. A leader editing their own action sees no owner or responsibility."""

    class Meta:
        model = LeadershipAction
        fields = ["responsibility", "title", "description", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, can_reassign: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if can_reassign:
            self.fields["responsibility"].queryset = Responsibility.objects.of_active_edition()
            self.fields["owner"].queryset = leaders()
        else:
            del self.fields["responsibility"]
            del self.fields["owner"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Save")))


class ActionTransitionForm(forms.Form):
    """Move an action to a new status, with a note when it is done."""

    status = forms.ChoiceField(choices=LeadershipAction.Status.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("What was done (needed for Done)")
    )


class ResponsibilityForm(forms.ModelForm):
    """Who is accountable for a responsibility and how often fresh evidence is expected."""

    class Meta:
        model = Responsibility
        fields = ["owner", "evidence_cadence_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = leaders()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Save")))
