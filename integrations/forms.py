"""Forms of the integrations: they check the shape of the input; services check the rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.models import CalendarFeed, WebhookEndpoint, WebhookEvent


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class EndpointForm(forms.ModelForm):
    """The address, what it is for, which events it receives, and whether it is on."""

    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    field_order = ["url", "description", "events", "active", "new_secret"]

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "active"]
        help_texts = {"url": _("Where the events are posted: an https:// address of the receiving system.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].initial = self.instance.events if self.instance.pk else []
        self.helper = _helper(_("Save"))


class EndpointEditForm(EndpointForm):
    new_secret = forms.BooleanField(
        label=_("Give it a new secret"),
        required=False,
        help_text=_("The old secret stops working at once; the new one is shown once, after saving."),
    )


class ConfirmForm(forms.Form):
    """A confirmation page's form: the button is the whole form."""

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(label or _("Confirm"))


class FeedForm(forms.Form):
    scope = forms.ChoiceField(choices=CalendarFeed.Scope.choices, initial=CalendarFeed.Scope.PERSONAL)
