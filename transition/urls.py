"""URLs of the transition to a new edition (namespace "transition")."""

from django.urls import path

from transition import views

app_name = "transition"

urlpatterns = [
    path("", views.CockpitView.as_view(), name="cockpit"),
    path("gaps.pdf", views.GapListPdfView.as_view(), name="gaps_pdf"),
    path("gaps.xlsx", views.GapListXlsxView.as_view(), name="gaps_xlsx"),
    path("switch/<slug:code>/", views.SwitchView.as_view(), name="switch"),
    path("undo/", views.SwitchUndoView.as_view(), name="undo"),
    path("split/<int:pk>/confirm/", views.SplitConfirmView.as_view(), name="split_confirm"),
    path("deadline/", views.DeadlineUpdateView.as_view(), name="deadline"),
]
