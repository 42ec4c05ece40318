"""Pages of the registers: processes, risks and opportunities, management roles."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from commitments import filters
from commitments.forms import registers as forms
from commitments.models import ManagementRole, Process, Risk
from commitments.models.risks import SCALE, level_for
from commitments.services import registers as services
from commitments.views.assignments import assignment_context
from core.actions import ArchiveView, ServiceFormMixin
from core.archiving import active_or_refuse
from core.history import HistoryMixin
from core.lists import ListPageView, Sort


class RegisterMixin:
    """What the pages of one register share: the model, its URL names and its permissions."""

    register: str  # URL prefix, e.g. "risk"
    related: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(register=self.register, **kwargs)

    def detail_url(self, obj) -> str:
        return reverse(f"registers:{self.register}_detail", args=[obj.pk])


class RegisterListView(RegisterMixin, ListPageView):
    """A filtered, sorted, paged register; ?archived=only shows the archive instead."""

    context_object_name = "object_list"

    def get_base_queryset(self):
        return self.model.objects.select_related(*self.related)


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
            active_or_refuse(self.model, kwargs["pk"])
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

    kept_note = gettext_lazy(
        "The entry leaves the register's default list but is kept, with its history, for auditors."
    )

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
    filterset_class = filters.ProcessFilter
    sorts = {
        "name": Sort(gettext_lazy("Name"), ("name",)),
        "status": Sort(gettext_lazy("Status"), ("status",)),
    }
    default_sort = "name"


class ProcessDetailView(ProcessMixin, RegisterDetailView):
    """One process, its risks and opportunities, and its history."""

    permission_required = "commitments.view_process"
    template_name = "registers/process_detail.html"

    related_limit = 25

    def get_context_data(self, **kwargs):
        risks = list(self.object.risks.active().order_by("-score", "-pk")[: self.related_limit + 1])
        return super().get_context_data(
            risks=risks[: self.related_limit], more_risks=len(risks) > self.related_limit, **kwargs
        )


class ProcessCreateView(ProcessMixin, RegisterFormView, CreateView):
    """Add a process."""

    permission_required = "commitments.add_process"
    success_message = gettext_lazy("Process added.")


class ProcessUpdateView(ProcessMixin, RegisterFormView, UpdateView):
    """Edit a process."""

    permission_required = "commitments.change_process"
    success_message = gettext_lazy("Process saved.")


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
    filterset_class = filters.RiskFilter
    sorts = {
        "title": Sort(gettext_lazy("Title"), ("title",)),
        "score": Sort(gettext_lazy("Score"), ("score",)),
        "review": Sort(gettext_lazy("Review"), (Risk.REVIEW_OR_OPEN,)),
        "status": Sort(gettext_lazy("Status"), ("status",)),
    }
    default_sort = "-score"


class RiskDetailView(RiskMixin, RegisterDetailView):
    """One risk or opportunity and its history."""

    permission_required = "commitments.view_risk"
    template_name = "registers/risk_detail.html"


class RiskCreateView(RiskMixin, RegisterFormView, CreateView):
    """Add a risk or opportunity."""

    permission_required = "commitments.add_risk"
    success_message = gettext_lazy("Risk added.")


class RiskUpdateView(RiskMixin, RegisterFormView, UpdateView):
    """Edit a risk or opportunity."""

    permission_required = "commitments.change_risk"
    success_message = gettext_lazy("Risk saved.")


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
    filterset_class = filters.ManagementRoleFilter
    sorts = {
        "title": Sort(gettext_lazy("Title"), ("title",)),
        "area": Sort(gettext_lazy("Area"), ("area",)),
    }
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
    success_message = gettext_lazy("Role added.")


class RoleUpdateView(RoleMixin, RegisterFormView, UpdateView):
    """Edit a management role."""

    permission_required = "commitments.change_managementrole"
    success_message = gettext_lazy("Role saved.")


class RoleArchiveView(RoleMixin, RegisterArchiveView):
    """Archive a management role."""

    permission_required = "commitments.change_managementrole"
