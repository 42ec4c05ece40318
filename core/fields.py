"""Form fields that refuse malformed ids with a message instead of passing them to the database."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.params import id_or_none


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values must be ids the database can store.

    Django checks a multiple choice by querying `pk__in=values`; a value too large for the column
    makes SQLite raise instead of matching nothing. Every value is checked for shape first.
    """

    def _check_values(self, value):
        for pk in value:
            if id_or_none(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class CalendarDateField(forms.DateField):
    """A date within the years the product can reason about (1900 to 2999): day arithmetic on
    dates near the calendar's ends overflows, and no record of ours lies there."""

    earliest = datetime.date(1900, 1, 1)
    latest = datetime.date(2999, 12, 31)

    def validate(self, value):
        super().validate(value)
        if value and not self.earliest <= value <= self.latest:
            raise ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()},
            )
