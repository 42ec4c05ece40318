"""Forms of the registers (processes, risks, management roles)."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.models import Evidence, ManagementRole, Process, Risk
from commitments.services.registers import PROCESS_FIELDS, RISK_FIELDS, ROLE_FIELDS
from core.fields import IdsMultipleChoiceField
from core.widgets import DateInput


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class ProcessForm(forms.ModelForm):
    """A process of the register."""

    class Meta:
        model = Process
        fields = list(PROCESS_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


class RiskForm(forms.ModelForm):
    """A risk or opportunity."""

    class Meta:
        model = Risk
        fields = list(RISK_FIELDS)
        widgets = {"review_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["process"].queryset = Process.objects.active()
        scale = [(n, str(n)) for n in range(1, 6)]
        self.fields["likelihood"].widget = forms.Select(choices=scale)
        self.fields["impact"].widget = forms.Select(choices=scale)


class ManagementRoleForm(forms.ModelForm):
    """A management role."""

    class Meta:
        model = ManagementRole
        fields = [*ROLE_FIELDS, "supporting_evidence"]
        field_classes = {"supporting_evidence": IdsMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = _people()
        # Recent evidence only: the list stays short enough to choose from.
        since = timezone.localdate() - datetime.timedelta(days=730)
        self.fields["supporting_evidence"].queryset = (
            Evidence.objects.active().filter(fact_date__gte=since).order_by("-fact_date")
        )
        self.fields["supporting_evidence"].required = False
