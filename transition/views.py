"""Pages of the transition: the cockpit, its gap list, the switch with its preview, and undo."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commitments.models import Edition, Responsibility
from commitments.services.editions import edition_deadline_update
from core.actions import validation_messages
from reports.exports import XLSX_TYPE
from transition import exports, forms, selectors, services
from transition.crosswalk import crosswalk_table


def _refusal(request, error: ValidationError) -> None:
    for message in validation_messages(error):
        messages.error(request, message)


class CockpitView(PermissionRequiredMixin, TemplateView):
    """Where the organisation stands against the new edition, item by item."""

    permission_required = "transition.see_transition"
    template_name = "transition/cockpit.html"

    def get_context_data(self, **kwargs):
        board = selectors.cockpit(timezone.localdate())
        crosswalk = crosswalk_table(board.from_edition, board.to_edition) if board.to_edition else []
        return super().get_context_data(
            board=board,
            crosswalk=crosswalk,
            undo_form=forms.UndoForm(),
            **kwargs,
        )


class GapListMixin(PermissionRequiredMixin):
    permission_required = "transition.see_transition"

    def board(self):
        return selectors.cockpit(timezone.localdate())


class GapListPdfView(GapListMixin, View):
    def get(self, request):
        board = self.board()
        response = HttpResponse(exports.gap_list_pdf(board), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="transition-gaps-{board.today:%Y-%m-%d}.pdf"'
        return response


class GapListXlsxView(GapListMixin, View):
    def get(self, request):
        board = self.board()
        response = HttpResponse(exports.gap_list_xlsx(board), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="transition-gaps-{board.today:%Y-%m-%d}.xlsx"'
        )
        return response


class SwitchView(PermissionRequiredMixin, FormView):
    """The dry run (counts of what moves) and, after confirmation with a reason, the switch."""

    permission_required = "transition.switch_edition"
    template_name = "transition/switch.html"
    form_class = forms.SwitchForm

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(Edition, code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"expected_from": Edition.objects.active().first()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=services.switch_preview(to_edition=self.target), target=self.target, **kwargs
        )

    def form_valid(self, form):
        try:
            switch = services.edition_switch(
                to_edition=self.target,
                expected_from=form.cleaned_data["expected_from"],
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The organisation now works to {switch.to_edition}: {switch.counts.get('evidence', 0)} evidence "
            f"records and {switch.counts.get('actions', 0)} actions moved.",
        )
        return redirect("transition:cockpit")


class SwitchUndoView(PermissionRequiredMixin, View):
    """Undo the switch in force, with a reason."""

    permission_required = "transition.switch_edition"
    http_method_names = ["post"]

    def post(self, request):
        form = forms.UndoForm(request.POST)
        _old, _new, switch = selectors.cockpit_editions()
        if switch is None:
            messages.error(request, "There is no switch to undo.")
        elif not form.is_valid():
            messages.error(request, "Say why the switch is undone.")
        else:
            try:
                services.edition_switch_undo(
                    switch=switch, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValidationError as error:
                _refusal(request, error)
            else:
                messages.success(request, f"Back to {switch.from_edition}: every record is where it was.")
        return redirect("transition:cockpit")


class SplitConfirmView(PermissionRequiredMixin, View):
    """The quality manager confirms that the records a split brought to an item belong there."""

    permission_required = "transition.confirm_split"
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(Responsibility, pk=pk)
        _old, _new, switch = selectors.cockpit_editions()
        if switch is None:
            messages.error(request, "Split items are confirmed after the switch.")
            return redirect("transition:cockpit")
        try:
            count = services.split_confirm(switch=switch, responsibility=item, by=request.user)
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, f"{item.label}: {count} records confirmed.")
        return redirect("transition:cockpit")


class DeadlineUpdateView(PermissionRequiredMixin, View):
    """Correct the transition deadline of the new edition (it is data, announced by the bodies)."""

    permission_required = "commitments.change_edition"
    http_method_names = ["post"]

    def post(self, request):
        form = forms.DeadlineForm(request.POST)
        _old, target, _switch = selectors.cockpit_editions()
        if target is None:
            messages.error(request, "There is no new edition to set a deadline for.")
        elif not form.is_valid():
            messages.error(request, "Give the deadline as a date.")
        else:
            edition_deadline_update(
                edition=target, transition_ends_on=form.cleaned_data["transition_ends_on"], by=request.user
            )
            messages.success(request, f"Transition deadline of {target} set.")
        return redirect("transition:cockpit")
