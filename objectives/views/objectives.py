"""Objective pages: list, detail with chart, create, edit, status, and recording a measurement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView, View

from core import permissions
from core.actions import ArchiveView, ServiceFormMixin, add_guard_fields, error_text
from core.archiving import active_or_refuse
from core.history import HistoryMixin
from core.lists import ListPageView, Sort
from core.signatures import Meaning
from objectives import progress, selectors, services
from objectives.filters import ObjectiveFilter
from objectives.forms import ApprovalForm, MeasurementForm, ObjectiveForm, StatusForm
from objectives.models import Objective


class ObjectiveListView(ListPageView):
    """Every objective, filtered, sorted and paged, with its stored progress."""

    permission_required = "objectives.view_objective"
    filterset_class = ObjectiveFilter
    template_name = "objectives/objective_list.html"
    context_object_name = "objectives"
    sorts = {
        "ref": Sort(gettext_lazy("Ref"), ("ref",)),
        "title": Sort(gettext_lazy("Objective"), ("title",)),
        "status": Sort(gettext_lazy("Status"), ("status",)),
        "progress": Sort(gettext_lazy("Progress"), ("progress",)),
        "measured": Sort(gettext_lazy("Measured"), (Objective.MEASURED_OR_NEVER,)),
        "due": Sort(gettext_lazy("Due"), (Objective.DUE_OR_OPEN,)),
    }
    default_sort = "ref"

    def get_base_queryset(self):
        return selectors.objective_list()


class ObjectiveDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One objective: plan, progress and why, chart, measurements, resources and history."""

    permission_required = "objectives.view_objective"
    template_name = "objectives/objective_detail.html"
    context_object_name = "objective"

    def get_queryset(self):
        return selectors.objective_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objective, user = self.object, self.request.user
        measurements = selectors.objective_measurements(objective)
        context["measurements"] = measurements
        context["measurements_capped"] = len(measurements) >= selectors.MEASUREMENTS_SHOWN
        context["chart"] = selectors.chart_data(objective, measurements)
        context["verdict"] = progress.classify_objective(
            objective, latest=objective.latest_value, today=timezone.localdate()
        )
        context["resources"] = list(selectors.objective_resources(objective))
        context["may_record"] = permissions.may_record_measurement(user, objective)
        context["measurement_form"] = add_guard_fields(
            MeasurementForm(initial={"measured_on": timezone.localdate()})
        )
        # Approval (proposed -> active) is signed, on a form of its own.
        context["next_statuses"] = [
            Objective.Status(s)
            for s in sorted(Objective.ALLOWED[objective.status])
            if s != Objective.Status.ACTIVE and permissions.may_move_objective(user, objective, s)
        ]
        context["may_approve"] = objective.can_move_to(
            Objective.Status.ACTIVE
        ) and permissions.may_approve_objective(user)
        context["approval_form"] = ApprovalForm()
        return context


class ObjectiveCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    """Create an objective (as a draft)."""

    permission_required = "objectives.add_objective"
    model = Objective
    form_class = ObjectiveForm
    template_name = "objectives/objective_form.html"

    def perform(self, form):
        return services.objective_create(
            data=form.objective_data(),
            commitment_keys=form.cleaned_data["commitment_keys"],
            by=self.request.user,
        )

    def get_success_message(self) -> str:
        return _("Objective %(ref)s created as a draft.") % {"ref": self.object.ref}


class ObjectiveUpdateView(PermissionRequiredMixin, ServiceFormMixin, UpdateView):
    """Edit an objective's plan."""

    permission_required = "objectives.change_objective"
    form_class = ObjectiveForm
    template_name = "objectives/objective_form.html"
    success_message = gettext_lazy("Objective saved.")

    def get_object(self, queryset=None):
        return active_or_refuse(Objective, self.kwargs["pk"])

    def perform(self, form):
        return services.objective_update(
            objective=self.object,
            data=form.objective_data(),
            commitment_keys=form.cleaned_data["commitment_keys"],
            by=self.request.user,
        )


class ObjectiveStatusView(PermissionRequiredMixin, View):
    """POST: move an objective to another status (concluding it is for top management)."""

    http_method_names = ["post"]

    def has_permission(self) -> bool:
        user = self.request.user
        return (
            user.has_perm("objectives.change_objective")
            or permissions.may_conclude_objective(user)
            or permissions.may_approve_objective(user)
        )

    def post(self, request, pk: int):
        objective = active_or_refuse(Objective, pk)
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status."))
            return redirect(objective)
        status = form.cleaned_data["status"]
        try:
            services.objective_change_status(
                objective=objective,
                status=status,
                reason=form.cleaned_data["reason"],
                by=request.user,
                password=form.cleaned_data["password"],
                meaning=form.cleaned_data["meaning"] or Meaning.APPROVED,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("The objective is now %(status)s.") % {"status": objective.get_status_display().lower()},
            )
        return redirect(objective)


class MeasurementCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    """The quick form: the quality manager, or the objective's owner, records a value."""

    form_class = MeasurementForm
    template_name = "objectives/measurement_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.objective = active_or_refuse(Objective, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        return permissions.may_record_measurement(self.request.user, self.objective)

    def get_initial(self):
        return {"measured_on": timezone.localdate()}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.objective = self.objective
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(objective=self.objective, **kwargs)

    def perform(self, form):
        services.measurement_record(
            objective=self.objective,
            measured_on=form.cleaned_data["measured_on"],
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            by=self.request.user,
        )
        self.objective.refresh_from_db()
        return self.objective

    def get_success_message(self) -> str:
        return _("Measurement recorded. The objective is %(progress)s.") % {
            "progress": self.objective.get_progress_display().lower()
        }

    def get_success_url(self) -> str:
        # An owner without a role cannot open the objective page; they stay on the quick form.
        if not self.request.user.has_perm("objectives.view_objective"):
            return reverse("objectives:measurement_create", args=[self.objective.pk])
        return self.objective.get_absolute_url()


class ObjectiveArchiveView(ArchiveView):
    """Archive an objective (never deleted): a confirmation page with the reason, then POST."""

    permission_required = "objectives.change_objective"
    model = Objective
    kept_note = gettext_lazy(
        "The objective leaves the lists but is never deleted: its measurements, resources and history "
        "stay readable for auditors."
    )

    def archive(self, obj, reason):
        services.objective_archive(objective=obj, reason=reason, by=self.request.user)
        self.success_message = _("%(ref)s archived; it stays readable with its history.") % {"ref": obj.ref}

    def get_success_url(self):
        return reverse("objectives:list")
