"""Pages of leadership actions: list, my actions, detail, plan, change, move status, archive."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from commitments import selectors
from commitments.filters import LeadershipActionFilter
from commitments.forms.actions import ActionTransitionForm, LeadershipActionForm
from commitments.models import LeadershipAction
from commitments.services import actions as action_services
from commitments.views.evidence import ArchiveView, form_error
from commitments.views.lists import FilteredSortedListMixin
from core import permissions
from core.history import HistoryMixin


class LeadershipActionListView(PermissionRequiredMixin, FilteredSortedListMixin, ListView):
    """All leadership actions, filtered, sorted and paged."""

    permission_required = "commitments.view_leadershipaction"
    template_name = "commitments/action_list.html"
    context_object_name = "actions"
    filterset_class = LeadershipActionFilter
    sort_fields = {"due_date": "due_date", "title": "title", "status": "status", "owner": "owner__last_name"}
    default_sort = "due_date"
    mine = False

    def get_queryset(self):
        self.queryset = selectors.action_list()
        if self.mine:
            self.queryset = self.queryset.filter(owner=self.request.user)
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, today=timezone.localdate(), mine=self.mine)


class MyActionsView(LeadershipActionListView):
    """The actions the logged-in leader owns."""

    mine = True


class LeadershipActionDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One action, its evidence, the status moves open to the viewer, and its history."""

    permission_required = "commitments.view_leadershipaction"
    template_name = "commitments/action_detail.html"
    context_object_name = "action"

    def get_queryset(self):
        return selectors.action_list().prefetch_related("evidence")

    def get_context_data(self, **kwargs):
        action = self.object
        return super().get_context_data(
            **kwargs,
            can_change=permissions.may_change_leadership_action(self.request.user, action)
            and not action.is_archived,
            next_statuses=[s for s in LeadershipAction.Status if action.can_move_to(s)],
            transition_form=ActionTransitionForm(),
            overdue=action.is_overdue(timezone.localdate()),
        )


class LeadershipActionCreateView(PermissionRequiredMixin, FormView):
    """Plan a new action for a responsibility."""

    permission_required = "commitments.add_leadershipaction"
    form_class = LeadershipActionForm
    template_name = "commitments/action_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("responsibility", "").isdigit():
            initial["responsibility"] = int(self.request.GET["responsibility"])
        return initial

    def form_valid(self, form):
        try:
            action = action_services.action_create(**form.cleaned_data, by=self.request.user)
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Action planned.")
        return redirect(action)


class OwnActionMixin:
    """Loads the action and refuses, on the server, anyone who may not change this one."""

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(LeadershipAction.objects.active(), pk=kwargs["pk"])
        allowed = request.user.is_authenticated and self.has_permission()
        if allowed and not permissions.may_change_leadership_action(request.user, self.object):
            raise PermissionDenied("You may change only your own actions.")
        return super().dispatch(request, *args, **kwargs)


class LeadershipActionUpdateView(PermissionRequiredMixin, OwnActionMixin, FormView):
    """Change an action; a leader changes their own, the quality manager any."""

    permission_required = "commitments.change_leadershipaction"
    form_class = LeadershipActionForm
    template_name = "commitments/action_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.object,
            "can_reassign": permissions.may_reassign_leadership_action(self.request.user),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, action=self.object)

    def form_valid(self, form):
        action = LeadershipAction.objects.get(pk=self.object.pk)
        try:
            action_services.action_update(action=action, **form.cleaned_data, by=self.request.user)
        except ValidationError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Action saved.")
        return redirect(action)


class LeadershipActionTransitionView(PermissionRequiredMixin, OwnActionMixin, View):
    """POST only: move an action to another status (mark done with a note)."""

    permission_required = "commitments.change_leadershipaction"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        form = ActionTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a status.")
            return redirect(self.object)
        try:
            action_services.action_transition(
                action=self.object,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The action is now {self.object.get_status_display().lower()}.")
        return redirect(self.object)


class LeadershipActionArchiveView(ArchiveView):
    """Archive an action with a reason."""

    permission_required = "commitments.archive_leadershipaction"
    model = LeadershipAction

    @staticmethod
    def service(reason, obj, by):
        return action_services.action_archive(action=obj, reason=reason, by=by)
