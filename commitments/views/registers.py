"""Pages of the registers: processes, risks and opportunities, management roles."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from commitments.forms import registers as forms
from commitments.models import ManagementRole, Process, Risk
from commitments.models.risks import SCALE, level_for
from commitments.services import registers as services
from commitments.views.assignments import assignment_context
from core.actions import ArchiveView, ServiceFormMixin
from core.history import HistoryMixin


class RegisterMixin:
    """What the pages of one register share: the model, its URL names and its permissions."""

    register: str  # URL prefix, e.g. "risk"
    related: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(register=self.register, **kwargs)

    def detail_url(self, obj) -> str:
        return reverse(f"registers:{self.register}_detail", args=[obj.pk])


class RegisterListView(RegisterMixin, PermissionRequiredMixin, ListView):
    """A filtered, sorted, paginated list; ?archived=1 shows the archive instead."""

    filterset_class = None
    sort_fields: dict[str, str] = {}
    default_sort = ""
    paginate_by = 25

    def get_queryset(self):
        base = self.model.objects.select_related(*self.related)
        self.show_archived = self.request.GET.get("archived") == "1"
        base = base.archived() if self.show_archived else base.active()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=base)
        queryset = self.filterset.qs if self.filterset.is_bound else base
        sort = self.request.GET.get("sort", self.default_sort)
        field = self.sort_fields.get(sort.lstrip("-"), self.sort_fields[self.default_sort.lstrip("-")])
        self.sort = sort if sort.lstrip("-") in self.sort_fields else self.default_sort
        return queryset.order_by(f"-{field}" if self.sort.startswith("-") else field, "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, sort=self.sort, show_archived=self.show_archived, **kwargs
        )


class RegisterDetailView(RegisterMixin, PermissionRequiredMixin, HistoryMixin, DetailView):
    """One entry with its change history."""

    context_object_name = "obj"

    def get_queryset(self):
        return self.model.objects.select_related("archived_by", *self.related)


class RegisterFormView(RegisterMixin, PermissionRequiredMixin, ServiceFormMixin):
    """Create or edit an entry through its service; archived entries are frozen."""

    template_name = "registers/form.html"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and request.user.has_perm(self.permission_required):
            obj = self.get_object()
            if obj.is_archived:
                messages.error(request, "This record is archived: it can no longer be changed.")
                return redirect(self.detail_url(obj))
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        if self.object is None:
            return self.create_service(by=self.request.user, **form.cleaned_data)
        return self.update_service(
            **{self.service_kwarg: self.object}, by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return self.detail_url(self.object)


class RegisterArchiveView(RegisterMixin, ArchiveView):
    """Ask for a reason, then archive the entry (never delete it)."""

    kept_note = "The entry leaves the register's default list but is kept, with its history, for auditors."

    def archive(self, obj, reason):
        return services.register_archive(obj=obj, reason=reason, by=self.request.user)

    def get_success_url(self):
        return self.detail_url(self.object)

    def get_cancel_url(self):
        return self.detail_url(self.object)


# --- processes ------------------------------------------------------------------------------
class ProcessMixin:
    model = Process
    register = "process"
    related = ("owner",)
    form_class = forms.ProcessForm
    create_service = staticmethod(services.process_create)
    update_service = staticmethod(services.process_update)
    service_kwarg = "process"


class ProcessListView(ProcessMixin, RegisterListView):
    """The process register."""

    permission_required = "commitments.view_process"
    template_name = "registers/process_list.html"
    filterset_class = forms.ProcessFilter
    sort_fields = {"name": "name", "status": "status", "owner": "owner__last_name"}
    default_sort = "name"


class ProcessDetailView(ProcessMixin, RegisterDetailView):
    """One process, its risks and opportunities, and its history."""

    permission_required = "commitments.view_process"
    template_name = "registers/process_detail.html"

    def get_context_data(self, **kwargs):
        risks = self.object.risks.active().order_by("-score")
        return super().get_context_data(risks=list(risks), **kwargs)


class ProcessCreateView(ProcessMixin, RegisterFormView, CreateView):
    """Add a process."""

    permission_required = "commitments.add_process"
    success_message = "Process added."


class ProcessUpdateView(ProcessMixin, RegisterFormView, UpdateView):
    """Edit a process."""

    permission_required = "commitments.change_process"
    success_message = "Process saved."


class ProcessArchiveView(ProcessMixin, RegisterArchiveView):
    """Archive a process."""

    permission_required = "commitments.change_process"


# --- risks and opportunities ----------------------------------------------------------------
class RiskMixin:
    model = Risk
    register = "risk"
    related = ("owner", "process")
    form_class = forms.RiskForm
    create_service = staticmethod(services.risk_create)
    update_service = staticmethod(services.risk_update)
    service_kwarg = "risk"


class RiskListView(RiskMixin, RegisterListView):
    """The register of risks and opportunities."""

    permission_required = "commitments.view_risk"
    template_name = "registers/risk_list.html"
    filterset_class = forms.RiskFilter
    sort_fields = {
        "score": "score",
        "title": "title",
        "process": "process__name",
        "status": "status",
        "review": "review_date",
    }
    default_sort = "-score"


class RiskDetailView(RiskMixin, RegisterDetailView):
    """One risk or opportunity and its history."""

    permission_required = "commitments.view_risk"
    template_name = "registers/risk_detail.html"


class RiskCreateView(RiskMixin, RegisterFormView, CreateView):
    """Add a risk or opportunity."""

    permission_required = "commitments.add_risk"
    success_message = "Risk added."


class RiskUpdateView(RiskMixin, RegisterFormView, UpdateView):
    """Edit a risk or opportunity."""

    permission_required = "commitments.change_risk"
    success_message = "Risk saved."


class RiskArchiveView(RiskMixin, RegisterArchiveView):
    """Archive a risk."""

    permission_required = "commitments.change_risk"


class RiskMatrixView(PermissionRequiredMixin, TemplateView):
    """5x5 matrix of open risks: likelihood rows (5 on top) by impact columns, counted in one query."""

    permission_required = "commitments.view_risk"
    template_name = "registers/risk_matrix.html"

    def get_context_data(self, **kwargs):
        counts = {
            (row["likelihood"], row["impact"]): row["n"]
            for row in Risk.objects.active().open().values("likelihood", "impact").annotate(n=Count("pk"))
        }
        rows = [
            (
                likelihood,
                [
                    (impact, counts.get((likelihood, impact), 0), level_for(likelihood * impact))
                    for impact in SCALE
                ],
            )
            for likelihood in reversed(SCALE)
        ]
        return super().get_context_data(rows=rows, scale=list(SCALE), total=sum(counts.values()), **kwargs)


# --- management roles -----------------------------------------------------------------------
class RoleMixin:
    model = ManagementRole
    register = "role"
    related = ("holder",)
    form_class = forms.ManagementRoleForm
    create_service = staticmethod(services.role_create)
    update_service = staticmethod(services.role_update)
    service_kwarg = "role"


class RoleListView(RoleMixin, RegisterListView):
    """The register of management roles."""

    permission_required = "commitments.view_managementrole"
    template_name = "registers/role_list.html"
    filterset_class = forms.ManagementRoleFilter
    sort_fields = {"title": "title", "area": "area", "holder": "holder__last_name"}
    default_sort = "title"


class RoleDetailView(RoleMixin, RegisterDetailView):
    """One management role and its history."""

    permission_required = "commitments.view_managementrole"
    template_name = "registers/role_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**assignment_context(self.object), **kwargs)


class RoleCreateView(RoleMixin, RegisterFormView, CreateView):
    """Add a management role."""

    permission_required = "commitments.add_managementrole"
    success_message = "Role added."


class RoleUpdateView(RoleMixin, RegisterFormView, UpdateView):
    """Edit a management role."""

    permission_required = "commitments.change_managementrole"
    success_message = "Role saved."


class RoleArchiveView(RoleMixin, RegisterArchiveView):
    """Archive a management role."""

    permission_required = "commitments.change_managementrole"
