"""Pages of management reviews."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, UpdateView

from core import permissions
from core.actions import ServiceActionView, ServiceFormMixin
from core.formatting import shipped_text
from core.history import HistoryMixin
from core.lists import ListPageView, Sort
from core.signatures import Meaning, signatures_of
from reviews import forms, selectors, services
from reviews.filters import ActionFilter
from reviews.minutes import minutes_pdf
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, ReviewInput


class ReviewListView(ListPageView):
    """All reviews, with where the review cycle stands on top."""

    permission_required = "reviews.view_managementreview"
    template_name = "reviews/review_list.html"
    context_object_name = "reviews"
    paginate_by = 20
    sorts = {"planned": Sort(gettext_lazy("Planned"), ("planned_date",))}
    default_sort = "-planned"

    def get_base_queryset(self):
        return selectors.review_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=selectors.review_cycle(timezone.localdate()), **kwargs)


class ScheduleUpdateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "reviews.change_reviewschedule"
    template_name = "reviews/form.html"
    form_class = forms.ScheduleForm
    extra_context = {"heading": gettext_lazy("Review schedule")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": services.schedule_get()}

    success_message = gettext_lazy("Review schedule saved.")

    def perform(self, form):
        return services.schedule_update(schedule=form.instance, by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("reviews:list")


class ReviewCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "reviews.add_managementreview"
    template_name = "reviews/form.html"
    form_class = forms.ReviewForm
    extra_context = {"heading": gettext_lazy("Plan a management review")}

    def get_initial(self):
        cycle = selectors.review_cycle(timezone.localdate())
        return {
            "planned_date": max(cycle.next_due, timezone.localdate()),
            "title": _("Management review %(next_due)s")
            % {"next_due": formats.date_format(cycle.next_due, "F Y")},
        }

    success_message = gettext_lazy("Review planned. Prepare it to gather its inputs from live data.")

    def perform(self, form):
        data = form.cleaned_data
        return services.review_plan(
            title=data["title"],
            planned_date=data["planned_date"],
            chair=data["chair"],
            attendees=data["attendees"],
            other_attendees=data["other_attendees"],
            by=self.request.user,
        )

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class ReviewDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    permission_required = "reviews.view_managementreview"
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return selectors.review_detail()

    def get_context_data(self, **kwargs):
        review = self.object
        inputs = list(review.inputs.all())
        review_signatures = signatures_of(review)
        return super().get_context_data(
            inputs=inputs,
            missing=[i for i in inputs if i.status == ReviewInput.Status.MISSING],
            decisions=list(review.decisions.all()),
            hold_form=forms.HoldForm(initial={"held_on": timezone.localdate()}),
            conclusion_form=forms.ConclusionForm(
                initial={
                    "suitable": review.conclusion_suitable,
                    "adequate": review.conclusion_adequate,
                    "effective": review.conclusion_effective,
                    "aligned": review.conclusion_aligned,
                    "conclusion": review.conclusion,
                }
            ),
            decision_form=forms.DecisionForm(),
            action_form=forms.ActionForm(),
            resource_form=forms.ResourceFromDecisionForm(),
            is_chair=review.chair_id == self.request.user.pk,
            sign_off_form=forms.SignOffForm(),
            sign_off_problems=services.sign_off_problems(review),
            attendance_form=forms.AttendanceForm(),
            signatures=review_signatures,
            must_confirm_attendance=(
                review.is_held
                and any(a.pk == self.request.user.pk for a in review.attendees.all())
                and not any(
                    s.signer_id == self.request.user.pk and s.meaning == Meaning.ATTENDED
                    for s in review_signatures
                )
            ),
            today=timezone.localdate(),
            **kwargs,
        )


class FrozenRefusedMixin:
    """Edit pages of a signed-off review send the user back with the reason instead of a form."""

    def review_of(self, obj) -> ManagementReview:
        return obj

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            review = self.review_of(self.get_object())
            if review.is_frozen:
                messages.error(
                    request, _("This review is signed off: it is a record now and cannot be changed.")
                )
                return redirect(review)
        return super().dispatch(request, *args, **kwargs)


class ReviewUpdateView(PermissionRequiredMixin, FrozenRefusedMixin, ServiceFormMixin, UpdateView):
    permission_required = "reviews.change_managementreview"
    model = ManagementReview
    form_class = forms.ReviewForm
    template_name = "reviews/form.html"
    extra_context = {"heading": gettext_lazy("Edit review")}

    success_message = gettext_lazy("Review saved.")

    def perform(self, form):
        data = dict(form.cleaned_data)
        attendees = data.pop("attendees")
        return services.review_update(review=self.object, attendees=attendees, by=self.request.user, **data)


class InputUpdateView(PermissionRequiredMixin, FrozenRefusedMixin, ServiceFormMixin, UpdateView):
    permission_required = "reviews.change_reviewinput"
    model = ReviewInput
    form_class = forms.InputForm
    template_name = "reviews/input_form.html"
    context_object_name = "review_input"

    def review_of(self, obj):
        return obj.review

    def perform(self, form):
        data = form.cleaned_data
        return services.input_update(
            review_input=self.object,
            status=data["status"],
            notes=data["notes"],
            deferred_reason=data["deferred_reason"],
            deferred_to=data["deferred_to"],
            by=self.request.user,
        )

    def get_success_message(self) -> str:
        return f"Input {self.object.code}) saved."

    def get_success_url(self) -> str:
        return f"{self.object.review.get_absolute_url()}#input-{self.object.code}"


class ReviewPrepareView(ServiceActionView):
    permission_required = "reviews.change_managementreview"
    model = ManagementReview
    success_message = gettext_lazy("Data package compiled from live data.")

    def perform(self, review, form):
        services.review_prepare(review=review, by=self.request.user)


class ReviewHoldView(ServiceActionView):
    permission_required = "reviews.change_managementreview"
    model = ManagementReview
    form_class = forms.HoldForm
    success_message = gettext_lazy("Review marked as held. The chair can now sign it off.")

    def perform(self, review, form):
        services.review_hold(
            review=review,
            held_on=form.cleaned_data["held_on"],
            late_reason=form.cleaned_data["late_reason"],
            by=self.request.user,
        )


class ReviewConcludeView(ServiceActionView):
    permission_required = "reviews.signoff_managementreview"
    model = ManagementReview
    form_class = forms.ConclusionForm
    success_message = gettext_lazy("Conclusion recorded. The chair can now sign the review off.")

    def perform(self, review, form):
        services.review_conclude(review=review, by=self.request.user, **form.cleaned_data)


class ReviewSignOffView(ServiceActionView):
    permission_required = "reviews.signoff_managementreview"
    model = ManagementReview
    form_class = forms.SignOffForm
    success_message = gettext_lazy("Review signed off. It is now frozen as a record.")

    def perform(self, review, form):
        services.review_sign_off(
            review=review,
            by=self.request.user,
            password=form.cleaned_data["password"],
            meaning=form.cleaned_data["meaning"],
        )


class ReviewAttendanceView(ServiceActionView):
    """POST: an attendee confirms, with their signature, that they attended."""

    permission_required = "reviews.view_managementreview"
    model = ManagementReview
    form_class = forms.AttendanceForm
    success_message = gettext_lazy("Thank you: your attendance is confirmed and signed.")

    def perform(self, review, form):
        services.review_confirm_attendance(
            review=review, by=self.request.user, password=form.cleaned_data["password"]
        )


class DecisionCreateView(ServiceActionView):
    permission_required = "reviews.add_reviewdecision"
    model = ManagementReview
    form_class = forms.DecisionForm
    success_message = gettext_lazy("Decision recorded.")

    def perform(self, review, form):
        services.decision_record(review=review, by=self.request.user, **form.cleaned_data)


class ActionCreateView(ServiceActionView):
    permission_required = "reviews.add_reviewaction"
    model = ReviewDecision
    form_class = forms.ActionForm
    success_message = gettext_lazy("Action added.")

    def get_success_url(self):
        return self.object.review.get_absolute_url()

    def perform(self, decision, form):
        services.action_create(decision=decision, by=self.request.user, **form.cleaned_data)


class DecisionResourceRequestView(ServiceActionView):
    """Raise the resource request a resource-need decision calls for."""

    permission_required = "reviews.add_reviewaction"
    model = ReviewDecision
    form_class = forms.ResourceFromDecisionForm
    success_message = gettext_lazy(
        "Resource request raised; top management decides it in the resource queue."
    )

    def get_success_url(self):
        return self.object.review.get_absolute_url()

    def perform(self, decision, form):
        services.decision_raise_resource_request(
            decision=decision, data=form.cleaned_data, by=self.request.user
        )


class DecisionPolicyDraftView(ServiceActionView):
    """Open the policy draft a decision to change the QMS calls for."""

    permission_required = "reviews.add_reviewaction"
    model = ReviewDecision
    success_message = gettext_lazy("A new policy draft is open, copied from the version in force.")

    def get_success_url(self):
        return self.object.review.get_absolute_url()

    def perform(self, decision, form):
        services.decision_open_policy_draft(decision=decision, by=self.request.user)


class ActionStatusView(ServiceActionView):
    """The owner of an action, or the quality manager, moves it along (object-level check)."""

    model = ReviewAction
    form_class = forms.ActionStatusForm
    success_message = gettext_lazy("Action updated.")

    def has_permission(self):
        action = get_object_or_404(ReviewAction, pk=self.kwargs["pk"])
        return permissions.may_update_review_action(self.request.user, action)

    def get_success_url(self):
        return self.request.POST.get("next") if self._safe_next() else reverse("reviews:action_list")

    def _safe_next(self) -> bool:
        target = self.request.POST.get("next", "")
        return target.startswith("/") and not target.startswith("//")

    def perform(self, action, form):
        services.action_update_status(action=action, by=self.request.user, **form.cleaned_data)


class ActionListView(ListPageView):
    """Actions decided at every review, with filters and sorting."""

    permission_required = "reviews.view_reviewaction"
    filterset_class = ActionFilter
    template_name = "reviews/action_list.html"
    context_object_name = "actions"
    sorts = {
        "due": Sort(gettext_lazy("Due"), ("due_date",)),
        "status": Sort(gettext_lazy("Status"), ("status",)),
    }
    default_sort = "due"

    def get_base_queryset(self):
        return selectors.action_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class MinutesView(PermissionRequiredMixin, DetailView):
    """Printable minutes: attendees, each input with its content, decisions, actions, sign-off."""

    permission_required = "reviews.view_managementreview"
    template_name = "reviews/minutes.html"
    context_object_name = "review"

    def get_queryset(self):
        return selectors.review_detail()


class MinutesPdfView(MinutesView):
    """The same minutes as a PDF (WeasyPrint), for the file and for auditors."""

    http_method_names = ["get", "head"]
    serves_file = True

    def render_to_response(self, context, **response_kwargs):
        response = HttpResponse(minutes_pdf(self.object), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="management-review-{self.object.pk}-minutes.pdf"'
        )
        return response


class ReviewRecordView(PermissionRequiredMixin, FrozenRefusedMixin, DetailView):
    """One page for what needs words: the inputs not covered by the compiled package, and the minutes."""

    permission_required = "reviews.change_reviewinput"
    model = ManagementReview
    template_name = "reviews/review_record.html"
    context_object_name = "review"

    def review_of(self, obj):
        return obj

    def _open_inputs(self):
        return list(self.object.inputs.exclude(status=ReviewInput.Status.COVERED))

    def _forms(self, data=None):
        entries = [
            (i, forms.InputEntryForm(data, prefix=f"input-{i.pk}", initial={"notes": shipped_text(i.notes)}))
            for i in self._open_inputs()
        ]
        return entries, forms.MinutesForm(data, initial={"minutes": self.object.minutes})

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        entries, minutes_form = self._forms()
        return self.render_to_response(self.get_context_data(entries=entries, minutes_form=minutes_form))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        entries, minutes_form = self._forms(request.POST)
        if all(f.is_valid() for _, f in entries) and minutes_form.is_valid():
            try:
                services.review_record(
                    review=self.object,
                    entries=[{"review_input": i, **f.cleaned_data} for i, f in entries],
                    minutes=minutes_form.cleaned_data["minutes"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Inputs and minutes recorded."))
                return redirect(self.object.get_absolute_url())
        context = self.get_context_data(entries=entries, minutes_form=minutes_form)
        return self.render_to_response(context, status=400)
