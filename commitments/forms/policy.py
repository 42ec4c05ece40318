"""Forms of the quality policy pages: they check input shape; the services check the rules."""

from django import forms

from commitments.models import PolicyCommitment, PolicyCommunication, PolicyVersion
from core.signatures import Meaning, SignatureFields
from core.widgets import DateInput


class PolicyDraftForm(forms.ModelForm):
    """The text of a draft version."""

    class Meta:
        model = PolicyVersion
        fields = ["title", "text", "context_and_direction"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 12}),
            "context_and_direction": forms.Textarea(attrs={"rows": 5}),
        }


class PolicyCommitmentForm(forms.ModelForm):
    """One commitment of a draft."""

    class Meta:
        model = PolicyCommitment
        fields = ["key", "statement", "kind", "sort_order"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}


class PolicyCommunicationForm(forms.ModelForm):
    """A record of how a version reached people."""

    class Meta:
        model = PolicyCommunication
        fields = ["communicated_on", "channel", "audience", "notes"]
        widgets = {
            "communicated_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ApprovalSignatureForm(SignatureFields):
    """The approver's signature on a policy version."""

    meanings = (Meaning.APPROVED, Meaning.RESPONSIBLE)
