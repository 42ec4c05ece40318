"""Pages of the transition: the cockpit, its gap list, the switch with its preview, and undo."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from commitments.models import Edition, Responsibility
from commitments.services.editions import edition_deadline_update
from core.actions import validation_messages
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
        response = HttpResponse(exports.gap_list_xlsx(board), content_type=exports.XLSX_TYPE)
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
            _(
                "The organisation now works to %(to_edition)s: %(evidence)s evidence records and "
                "%(actions)s actions moved."
            )
            % {
                "to_edition": switch.to_edition,
                "evidence": switch.counts.get("evidence", 0),
                "actions": switch.counts.get("actions", 0),
            },
        )
        return redirect("transition:cockpit")


class CockpitActionView(PermissionRequiredMixin, View):
    """A POST from the cockpit: check the form, call one service, say what happened, go back.

    Subclasses set `form_class`, `invalid_message` and implement `perform(form, editions)`, which
    returns the success message or raises ValidationError with the reason it was refused.
    """

    http_method_names = ["post"]
    form_class = None
    invalid_message = ""

    def perform(self, form, editions) -> str:  # pragma: no cover - always overridden
        raise NotImplementedError

    def post(self, request, **kwargs):
        self.kwargs = kwargs
        form = self.form_class(request.POST) if self.form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, self.invalid_message)
            return redirect("transition:cockpit")
        try:
            messages.success(request, self.perform(form, selectors.cockpit_editions()))
        except ValidationError as error:
            _refusal(request, error)
        return redirect("transition:cockpit")


class SwitchUndoView(CockpitActionView):
    """Undo the switch in force, with a reason."""

    permission_required = "transition.switch_edition"
    form_class = forms.UndoForm
    invalid_message = gettext_lazy("Say why the switch is undone.")

    def perform(self, form, editions) -> str:
        switch = editions[2]
        if switch is None:
            raise ValidationError(_("There is no switch to undo."))
        services.edition_switch_undo(switch=switch, reason=form.cleaned_data["reason"], by=self.request.user)
        return _("Back to %(from_edition)s: every record is where it was.") % {
            "from_edition": switch.from_edition
        }


class SplitConfirmView(CockpitActionView):
    """The quality manager confirms that the records a split brought to an item belong there."""

    permission_required = "transition.confirm_split"

    def perform(self, form, editions) -> str:
        item = get_object_or_404(Responsibility, pk=self.kwargs["pk"])
        if editions[2] is None:
            raise ValidationError(_("Split items are confirmed after the switch."))
        count = services.split_confirm(switch=editions[2], responsibility=item, by=self.request.user)
        return _("%(item_label)s: %(count)s records confirmed.") % {"item_label": item.label, "count": count}


class DeadlineUpdateView(CockpitActionView):
    """Correct the transition deadline of the new edition (it is data, announced by the bodies)."""

    permission_required = "commitments.change_edition"
    form_class = forms.DeadlineForm
    invalid_message = gettext_lazy("Give the deadline as a date.")

    def perform(self, form, editions) -> str:
        target = editions[1]
        if target is None:
            raise ValidationError(_("There is no new edition to set a deadline for."))
        edition_deadline_update(
            edition=target, transition_ends_on=form.cleaned_data["transition_ends_on"], by=self.request.user
        )
        return _("Transition deadline of %(target)s set.") % {"target": target}
