from django.urls import path

from commitments.views import responsibilities

app_name = "commitments"

urlpatterns = [
    path("responsibilities/", responsibilities.ResponsibilityListView.as_view(), name="responsibility_list"),
    path(
        "responsibilities/<int:pk>/",
        responsibilities.ResponsibilityDetailView.as_view(),
        name="responsibility_detail",
    ),
]
