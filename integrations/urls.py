"""URLs of the integrations (namespace "integrations")."""

from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("webhooks/", views.WebhookListView.as_view(), name="webhook_list"),
    path("webhooks/new/", views.WebhookCreateView.as_view(), name="webhook_create"),
    path("webhooks/<int:pk>/", views.WebhookDetailView.as_view(), name="webhook_detail"),
    path("webhooks/<int:pk>/edit/", views.WebhookUpdateView.as_view(), name="webhook_update"),
    path(
        "webhooks/deliveries/<int:pk>/redeliver/",
        views.DeliveryRedeliverView.as_view(),
        name="delivery_redeliver",
    ),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/new/", views.CalendarCreateView.as_view(), name="calendar_create"),
    path("calendar/revoke/", views.CalendarRevokeView.as_view(), name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
