"""URLs of the objectives pages (namespace "objectives")."""

from django.urls import path

from objectives.views import imports, objectives, resources

app_name = "objectives"

urlpatterns = [
    path("", objectives.ObjectiveListView.as_view(), name="list"),
    path("new/", objectives.ObjectiveCreateView.as_view(), name="create"),
    path("<int:pk>/", objectives.ObjectiveDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", objectives.ObjectiveUpdateView.as_view(), name="update"),
    path("<int:pk>/archive/", objectives.ObjectiveArchiveView.as_view(), name="archive"),
    path("<int:pk>/status/", objectives.ObjectiveStatusView.as_view(), name="status"),
    path("<int:pk>/measurements/new/", objectives.MeasurementCreateView.as_view(), name="measurement_create"),
    path("resources/", resources.ResourceRequestListView.as_view(), name="resource_list"),
    path("resources/new/", resources.ResourceRequestCreateView.as_view(), name="resource_create"),
    path("resources/<int:pk>/", resources.ResourceRequestDetailView.as_view(), name="resource_detail"),
    path("resources/<int:pk>/decide/", resources.ResourceRequestDecideView.as_view(), name="resource_decide"),
    path(
        "resources/<int:pk>/provided/",
        resources.ResourceRequestProvidedView.as_view(),
        name="resource_provided",
    ),
    path("import/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("import/<int:pk>/", imports.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<int:pk>/confirm/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path("templates/<slug:kind>.<slug:fmt>", imports.TemplateDownloadView.as_view(), name="template"),
]
