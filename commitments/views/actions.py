"""Pages of leadership actions: list, my actions, detail, plan, change, move status, archive."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from commitments import selectors
from commitments.filters import LeadershipActionFilter
from commitments.forms.actions import ActionTransitionForm, LeadershipActionForm
from commitments.models import LeadershipAction
from commitments.services import actions as action_services
from core import permissions
from core.actions import ArchiveView, ServiceFormMixin, error_text
from core.archiving import active_or_refuse
from core.history import HistoryMixin
from core.lists import ListPageView, Sort


class LeadershipActionListView(ListPageView):
    """All leadership actions, filtered, sorted and paged."""

    permission_required = "commitments.view_leadershipaction"
    template_name = "commitments/action_list.html"
    context_object_name = "actions"
    filterset_class = LeadershipActionFilter
    sorts = {
        "due_date": Sort(gettext_lazy("Due"), ("due_date",)),
        "title": Sort(gettext_lazy("Action"), ("title",)),
        "status": Sort(gettext_lazy("Status"), ("status",)),
    }
    default_sort = "due_date"
    mine = False

    def get_base_queryset(self):
        queryset = selectors.action_list()
        return queryset.filter(owner=self.request.user) if self.mine else queryset

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


class LeadershipActionCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Plan a new action for a responsibility."""

    permission_required = "commitments.add_leadershipaction"
    form_class = LeadershipActionForm
    template_name = "commitments/action_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("responsibility", "").isdigit():
            initial["responsibility"] = int(self.request.GET["responsibility"])
        return initial

    success_message = gettext_lazy("Action planned.")

    def perform(self, form):
        return action_services.action_create(**form.cleaned_data, by=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class OwnActionMixin:
    """Loads the action and refuses, on the server, anyone who may not change this one."""

    def dispatch(self, request, *args, **kwargs):
        self.object = active_or_refuse(LeadershipAction, kwargs["pk"])
        allowed = request.user.is_authenticated and self.has_permission()
        if allowed and not permissions.may_change_leadership_action(request.user, self.object):
            raise PermissionDenied(_("You may change only your own actions."))
        return super().dispatch(request, *args, **kwargs)


class LeadershipActionUpdateView(PermissionRequiredMixin, OwnActionMixin, ServiceFormMixin, FormView):
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

    success_message = gettext_lazy("Action saved.")

    def perform(self, form):
        action = LeadershipAction.objects.get(pk=self.object.pk)
        return action_services.action_update(action=action, **form.cleaned_data, by=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class LeadershipActionTransitionView(PermissionRequiredMixin, OwnActionMixin, View):
    """POST only: move an action to another status (mark done with a note)."""

    permission_required = "commitments.change_leadershipaction"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        form = ActionTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status."))
            return redirect(self.object)
        try:
            action_services.action_transition(
                action=self.object,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("The action is now %(status)s.") % {"status": self.object.get_status_display().lower()},
            )
        return redirect(self.object)


class LeadershipActionArchiveView(ArchiveView):
    """Archive an action with a reason."""

    permission_required = "commitments.archive_leadershipaction"
    model = LeadershipAction

    def archive(self, obj, reason):
        return action_services.action_archive(action=obj, reason=reason, by=self.request.user)
