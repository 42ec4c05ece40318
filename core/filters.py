"""The filter base every list of archivable records uses: one `?archived` convention."""

import django_filters


class ArchivedFilterSet(django_filters.FilterSet):
    """Archived records are hidden unless `?archived=only` (the archive) or `?archived=all` asks for them."""

    ONLY, ALL = "only", "all"

    archived = django_filters.ChoiceFilter(
        choices=[(ONLY, "Archived only"), (ALL, "Active and archived")],
        empty_label="Active only",
        label="Archived",
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
