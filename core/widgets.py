"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It reads and writes ISO dates whatever the site's locale, so a
    form that edits a record shows the stored date instead of an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
