from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("responsibilities/", views.ResponsibilityListView.as_view(), name="responsibility_list"),
    path(
        "responsibilities/<int:pk>/", views.ResponsibilityDetailView.as_view(), name="responsibility_detail"
    ),
]
