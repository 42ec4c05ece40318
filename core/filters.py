"""The bases of every list page's FilterSet: quick selects, and one `?archived` convention."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


class QuickSelect(forms.Select):
    """A <select> written in Python: a filter with hundreds of choices renders no template per option.

    Django renders each option through a template, which on a list page with a process and an
    owner filter costs more than the whole table.
    """

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in context["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(context["attrs"]), options)


class ListFilterSet(django_filters.FilterSet):
    """The FilterSet of a list page (core/lists.py): quick selects, and Bootstrap classes on each field.

    The filter bar (templates/partials/_filters.html) renders the fields directly: through
    crispy-forms' templates it cost more than the table of the page.
    """

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    quick = QuickSelect(attrs=field.widget.attrs)
                    quick.choices = field.widget.choices
                    quick.is_required = field.widget.is_required
                    field.widget = quick
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()
        return super().form


class ArchivedFilterSet(ListFilterSet):
    """Archived records are hidden unless `?archived=only` (the archive) or `?archived=all` asks for them."""

    ONLY, ALL = "only", "all"

    archived = django_filters.ChoiceFilter(
        choices=[(ONLY, _("Archived only")), (ALL, _("Active and archived"))],
        empty_label=_("Active only"),
        label=_("Archived"),
        method="filter_archived",
    )

    def filter_archived(self, queryset, name, value):
        return queryset.archived() if value == self.ONLY else queryset

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("archived"):
            queryset = queryset.active()
        return queryset

    @property
    def shows_archive(self) -> bool:
        """True when the page shows the archive only (the heading says so)."""
        return getattr(self.form, "cleaned_data", {}).get("archived") == self.ONLY
