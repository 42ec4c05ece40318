"""Forms of the report centre: a period, a past date, a time-limited auditor account."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import CalendarDateField
from core.reporting import Period
from core.widgets import DateInput

# Browsers' date pickers read and write ISO dates only.
DATE = DateInput()


class PeriodForm(forms.Form):
    """The period an audit pack covers and, optionally, the past date whose records it shows."""

    start = CalendarDateField(widget=DATE, label=_("From"))
    end = CalendarDateField(widget=DATE, label=_("To"))
    as_of = CalendarDateField(
        widget=DATE,
        required=False,
        label=_("As recorded on"),
        help_text=_("Empty: today's records."),
    )

    def clean(self):
        data = super().clean()
        start, end, as_of = data.get("start"), data.get("end"), data.get("as_of")
        if start and end and start > end:
            raise forms.ValidationError(gettext("The period must start before it ends."))
        years = settings.QMS_AUDIT_PACK_MAX_YEARS
        if start and end and (end - start).days > years * 366:
            raise forms.ValidationError(
                gettext(
                    "An audit pack covers at most %(years)s years; choose a shorter period (one pack per "
                    "audit cycle)."
                )
                % {"years": years}
            )
        if as_of and as_of > timezone.localdate():
            self.add_error("as_of", gettext("Choose today or a past date."))
        return data


def period_from(data) -> tuple[PeriodForm, Period, datetime.date | None]:
    """The form bound to the query string (or today's defaults), and the period and date it gives.

    A bound form with errors gives the default period; callers answer 400 with its messages.
    """
    default = Period.last_twelve_months(timezone.localdate())
    form = PeriodForm(data if "start" in data else None, initial={"start": default.start, "end": default.end})
    if form.is_bound and form.is_valid():
        return form, Period(form.cleaned_data["start"], form.cleaned_data["end"]), form.cleaned_data["as_of"]
    return form, default, None


class AsOfForm(forms.Form):
    """Which register to show, and the past date."""

    register = forms.ChoiceField(label=_("Register"))
    date = CalendarDateField(widget=DATE, label=_("As recorded on"))

    def __init__(self, *args, registers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [(r.name, r.label) for r in registers]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(gettext("Choose today or a past date."))
        return date


class AuditorAccountForm(forms.Form):
    """A read-only account for an external auditor, usable until its last day."""

    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    expires_on = forms.DateField(widget=DATE, label=_("Last day of access"))
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Give it to the auditor by another channel than the e-mail above."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Create auditor account")))


class OrganisationProfileForm(forms.Form):
    """The organisation's name, certification scope and sites, as the pack's cover shows them."""

    name = forms.CharField(max_length=200, label=_("Organisation name"))
    certification_scope = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    sites = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=_("One site a line.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Save")))
