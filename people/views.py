"""People and access: the list of accounts, adding a person, and the acts on one account."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import LogoutView
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from core.actions import ServiceActionView
from core.lists import ListPageView, Sort
from people import forms, oidc, services
from people.filters import PersonFilter
from qms_leadership.roles import ROLE_KEYS, role_of

User = get_user_model()
PERMISSION = "people.manage_people"
ROLE_BY_NAME = {name: key for key, name in ROLE_KEYS.items()}
ACTIVE_FIRST = Case(When(is_active=True, then=Value(0)), default=Value(1), output_field=IntegerField())


def _locked():
    from axes.models import AccessAttempt
    from django.conf import settings

    return Exists(
        AccessAttempt.objects.filter(
            username=OuterRef("username"), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        )
    )


class PersonListView(ListPageView):
    """Everyone with an account, active people first, by name; deactivated accounts stay listed, marked."""

    permission_required = PERMISSION
    template_name = "people/person_list.html"
    context_object_name = "people"
    filterset_class = PersonFilter
    # The accounts of one organisation are few (hundreds): no index of our own on Django's user
    # table; the sign-in name has its unique index.
    sorts = {
        "name": Sort(
            gettext_lazy("Name"),
            (ACTIVE_FIRST, "first_name", "last_name", "username"),
        ),
        "username": Sort(gettext_lazy("Signs in as"), ("username",)),
    }
    default_sort = "name"
    paginate_by = 50

    def get_base_queryset(self):
        return User.objects.annotate(locked=_locked()).prefetch_related("groups")


class PersonCreateView(PermissionRequiredMixin, FormView):
    permission_required = PERMISSION
    template_name = "people/person_form.html"
    form_class = forms.PersonForm

    def form_valid(self, form):
        data = form.cleaned_data
        password = data["password"] or services.temporary_password()
        try:
            person = services.user_create(
                username=data["username"],
                password=password,
                role=data["role"] or None,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        note = (
            ""
            if data["password"]
            else _(" Their temporary password is %(password)s (shown only now).") % {"password": password}
        )
        messages.success(
            self.request,
            _("%(full_name)s can now sign in as %(username)s.%(note)s")
            % {"full_name": person.get_full_name(), "username": person.username, "note": note},
        )
        return redirect("people:detail", pk=person.pk)


class PersonDetailView(PermissionRequiredMixin, DetailView):
    """One account: who, which role, its state, the acts available and its history."""

    permission_required = PERMISSION
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return User.objects.annotate(locked=_locked()).prefetch_related("groups")

    def get_context_data(self, **kwargs):
        person = self.object
        role = role_of(person)
        return super().get_context_data(
            role=role,
            role_form=forms.RoleForm(initial={"role": ROLE_BY_NAME.get(role, "")}),
            deactivate_form=forms.DeactivateForm(),
            events=person.account_events.select_related("by")[:100],
            **kwargs,
        )


class PersonActionView(ServiceActionView):
    """The acts on an account: each POSTs, calls one service, and returns to the account."""

    permission_required = PERMISSION
    model = User

    def get_success_url(self) -> str:
        return reverse("people:detail", args=[self.object.pk])


class PersonRoleView(PersonActionView):
    form_class = forms.RoleForm
    success_message = gettext_lazy("Role changed.")

    def perform(self, person, form):
        services.user_set_role(user=person, role=form.cleaned_data["role"] or None, by=self.request.user)


class PersonDeactivateView(PersonActionView):
    form_class = forms.DeactivateForm
    success_message = gettext_lazy(
        "Account deactivated: the person can no longer sign in; their records stay theirs."
    )

    def perform(self, person, form):
        services.user_deactivate(user=person, reason=form.cleaned_data["reason"], by=self.request.user)


class PersonReactivateView(PersonActionView):
    success_message = gettext_lazy("Account reactivated.")

    def perform(self, person, form):
        services.user_reactivate(user=person, by=self.request.user)


class PersonPasswordResetView(PersonActionView):
    def perform(self, person, form):
        password = services.user_reset_password(user=person, by=self.request.user)
        self.success_message = _(
            "New temporary password for %(username)s: %(password)s (shown only now)."
        ) % {"username": person.username, "password": password}


class PersonUnlockView(PersonActionView):
    success_message = gettext_lazy("Account unlocked: the person can sign in again.")

    def perform(self, person, form):
        services.user_unlock(user=person, by=self.request.user)


class SignOutView(LogoutView):
    """Django's sign-out; after a sign-in with the identity provider, the provider's session ends too."""

    provider_url: str | None = None

    def post(self, request, *args, **kwargs):
        self.provider_url = oidc.provider_logout_url(request)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        return self.provider_url or super().get_success_url()
