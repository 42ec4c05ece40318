"""Form widgets shared by every app."""

from django import forms
from django.utils.translation import gettext as _


class DateInput(forms.DateInput):
    """The browser's date picker. It reads and writes ISO dates whatever the site's locale, so a
    form that edits a record shows the stored date instead of an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChooseFilesAgainMixin:
    """A form with file fields that fails says plainly which files to choose again: a browser never
    keeps a chosen file when a form comes back, so a silent loss would look like a saved file."""

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        if getattr(self, "_files_reminded", False) or not self.files:
            return
        self._files_reminded = True
        for name, form_field in self.fields.items():
            chosen = [f.name for f in self.files.getlist(self.add_prefix(name)) if f]
            if isinstance(form_field, forms.FileField) and chosen:
                super().add_error(
                    name,
                    _("Nothing was saved, so choose %(join)s again before you send the form.")
                    % {"join": ", ".join(chosen)},
                )
