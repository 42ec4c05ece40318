"""Forms of the transition: they check the shape of the input; services check the rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import Edition


class SwitchForm(forms.Form):
    """Confirm a switch after its preview; `expected_from` is the edition the preview was made from."""

    expected_from = forms.ModelChoiceField(queryset=Edition.objects.all(), widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Why now: recorded on the switch and in the history of every record it moves."),
    )
    confirm = forms.BooleanField(
        label=_("I have read the preview: move every record to the new edition now."), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Switch the edition"), css_class="btn-danger"))


class UndoForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label=_("Why undo"))


class DeadlineForm(forms.Form):
    transition_ends_on = forms.DateField(
        label=_("Transition deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
