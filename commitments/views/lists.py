"""What every list page of the app shares: a FilterSet, a whitelisted ?sort= and pagination."""


class FilteredSortedListMixin:
    """Filters with `filterset_class`, sorts by a key of `sort_fields` (prefix '-' for descending)."""

    filterset_class = None
    sort_fields: dict[str, str] = {}
    default_sort = ""
    paginate_by = 25

    def get_sort(self) -> str:
        wanted = self.request.GET.get("sort", "")
        return wanted if wanted.lstrip("-") in self.sort_fields else self.default_sort

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET, queryset=super().get_queryset())
        queryset = self.filterset.qs
        sort = self.get_sort()
        field = self.sort_fields[sort.lstrip("-")]
        return queryset.order_by(f"-{field}" if sort.startswith("-") else field, "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["sort"] = self.get_sort()
        context["sort_fields"] = self.sort_fields
        return context
