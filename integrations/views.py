"""Pages of the integrations: webhook endpoints with their delivery log, and calendar links.

Secrets (a webhook's signing secret, a calendar link's token) are shown once: the page that made
one keeps it in the session for the next page, which shows it and forgets it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from core import permissions
from core.actions import ServiceFormMixin
from core.lists import paginate
from core.site import site_url
from integrations import calendars, services
from integrations.forms import ConfirmForm, EndpointEditForm, EndpointForm, FeedForm
from integrations.models import CalendarFeed, WebhookDelivery, WebhookEndpoint

SHOWN_ONCE = "integrations_shown_once"


def _keep_for_next_page(request, key: str, value: str) -> None:
    request.session[SHOWN_ONCE] = {"key": key, "value": value}


def _take(request, key: str) -> str | None:
    kept = request.session.get(SHOWN_ONCE)
    if kept and kept.get("key") == key:
        del request.session[SHOWN_ONCE]
        return kept["value"]
    return None


class WebhooksReadMixin(PermissionRequiredMixin):
    def has_permission(self) -> bool:
        return permissions.may_see_webhooks(self.request.user)


class WebhooksManageMixin(PermissionRequiredMixin):
    def has_permission(self) -> bool:
        return permissions.may_manage_webhooks(self.request.user)


class WebhookListView(WebhooksReadMixin, ListView):
    """The registered endpoints (a handful: no pagination)."""

    template_name = "integrations/webhook_list.html"
    context_object_name = "endpoints"

    def get_queryset(self):
        return WebhookEndpoint.objects.order_by("url", "pk")


class WebhookCreateView(WebhooksManageMixin, ServiceFormMixin, FormView):
    template_name = "integrations/webhook_form.html"
    form_class = EndpointForm
    extra_context = {"heading": _("Register a webhook endpoint")}
    success_message = _("Endpoint registered. Copy its secret now: it is not shown again.")

    def perform(self, form):
        data = form.cleaned_data
        endpoint, secret = services.endpoint_create(
            url=data["url"],
            events=data["events"],
            description=data["description"],
            active=data["active"],
            by=self.request.user,
        )
        _keep_for_next_page(self.request, f"webhook-{endpoint.pk}", secret)
        return endpoint

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class WebhookUpdateView(WebhooksManageMixin, ServiceFormMixin, UpdateView):
    model = WebhookEndpoint
    template_name = "integrations/webhook_form.html"
    form_class = EndpointEditForm
    extra_context = {"heading": _("Edit the webhook endpoint")}
    success_message = _("Endpoint saved.")

    def perform(self, form):
        data = form.cleaned_data
        secret = services.endpoint_update(
            endpoint=self.object,
            url=data["url"],
            events=data["events"],
            description=data["description"],
            active=data["active"],
            new_secret=data["new_secret"],
            by=self.request.user,
        )
        if secret:
            _keep_for_next_page(self.request, f"webhook-{self.object.pk}", secret)
        return self.object


class WebhookDetailView(WebhooksReadMixin, DetailView):
    """An endpoint and its delivery log, newest first, a page at a time, each attempt shown."""

    model = WebhookEndpoint
    template_name = "integrations/webhook_detail.html"
    context_object_name = "endpoint"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        deliveries = WebhookDelivery.objects.filter(endpoint=self.object).prefetch_related("attempt_log")
        page = paginate(
            deliveries,
            ("created_at",),
            descending=True,
            params=self.request.GET,
            size=self.paginate_by,
            count_limit=10_000,
        )
        return super().get_context_data(
            page=page,
            secret=_take(self.request, f"webhook-{self.object.pk}"),
            may_manage=permissions.may_manage_webhooks(self.request.user),
            **kwargs,
        )


class DeliveryRedeliverView(WebhooksManageMixin, ServiceFormMixin, FormView):
    """Asks to confirm, then sends the delivery's event again as a new delivery."""

    template_name = "integrations/redeliver_confirm.html"
    form_class = ConfirmForm
    success_message = _("Queued again as a new delivery; it appears at the top of the log.")

    def dispatch(self, request, *args, **kwargs):
        self.delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label": _("Send again")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(delivery=self.delivery, **kwargs)

    def perform(self, form):
        services.delivery_redeliver(delivery=self.delivery, by=self.request.user)
        return self.delivery

    def get_success_url(self) -> str:
        return self.delivery.endpoint.get_absolute_url()


# --- calendar feeds --------------------------------------------------------------------------


class CalendarMixin(PermissionRequiredMixin):
    def has_permission(self) -> bool:
        return permissions.may_subscribe_calendar(self.request.user)


def feed_url(token: str) -> str:
    return site_url(reverse("integrations:feed", args=[token]))


class CalendarView(CalendarMixin, TemplateView):
    """Your calendar links: make one (a new one replaces the old), or revoke it."""

    template_name = "integrations/calendar.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        live = {feed.scope: feed for feed in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)}
        offered = [CalendarFeed.Scope.PERSONAL]
        if permissions.may_subscribe_organisation_calendar(user):
            offered.append(CalendarFeed.Scope.ORGANISATION)
        token = _take(self.request, "calendar")
        return super().get_context_data(
            scopes=[(scope, scope.label, live.get(scope)) for scope in offered],
            new_url=feed_url(token) if token else None,
            **kwargs,
        )


class CalendarCreateView(CalendarMixin, ServiceFormMixin, FormView):
    http_method_names = ["post"]
    form_class = FeedForm
    success_message = _("Your calendar link is ready. Copy it now: it is not shown again.")

    def perform(self, form):
        token = services.feed_create(by=self.request.user, scope=form.cleaned_data["scope"])
        _keep_for_next_page(self.request, "calendar", token)

    def form_invalid(self, form):
        messages.error(self.request, _("Choose which calendar you want."))
        return redirect("integrations:calendar")

    def get_success_url(self) -> str:
        return reverse("integrations:calendar")


class CalendarRevokeView(CalendarMixin, ServiceFormMixin, FormView):
    http_method_names = ["post"]
    form_class = FeedForm
    success_message = _("The calendar link no longer works.")

    def perform(self, form):
        feed = get_object_or_404(
            CalendarFeed, user=self.request.user, scope=form.cleaned_data["scope"], revoked_at__isnull=True
        )
        services.feed_revoke(feed=feed, by=self.request.user)

    def form_invalid(self, form):
        return redirect("integrations:calendar")

    def get_success_url(self) -> str:
        return reverse("integrations:calendar")


@login_not_required
@require_safe
def feed(request, token: str):
    """The calendar itself: the secret in the address is the credential (no session)."""
    found = services.feed_for_token(token)
    if found is None:
        raise Http404
    body = (
        calendars.organisation()
        if found.scope == CalendarFeed.Scope.ORGANISATION
        else calendars.personal(found.user)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="qms.ics"'
    return response
