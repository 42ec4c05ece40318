"""URLs of the registers pages (namespace "registers")."""

from django.urls import path

from commitments.views import assignments
from commitments.views import registers as views

app_name = "registers"

urlpatterns = [
    path("processes/", views.ProcessListView.as_view(), name="process_list"),
    path("processes/new/", views.ProcessCreateView.as_view(), name="process_create"),
    path("processes/<int:pk>/", views.ProcessDetailView.as_view(), name="process_detail"),
    path("processes/<int:pk>/edit/", views.ProcessUpdateView.as_view(), name="process_update"),
    path("processes/<int:pk>/archive/", views.ProcessArchiveView.as_view(), name="process_archive"),
    path("risks/", views.RiskListView.as_view(), name="risk_list"),
    path("risks/matrix/", views.RiskMatrixView.as_view(), name="risk_matrix"),
    path("risks/new/", views.RiskCreateView.as_view(), name="risk_create"),
    path("risks/<int:pk>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:pk>/edit/", views.RiskUpdateView.as_view(), name="risk_update"),
    path("risks/<int:pk>/archive/", views.RiskArchiveView.as_view(), name="risk_archive"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/new/", views.RoleCreateView.as_view(), name="role_create"),
    path("roles/<int:pk>/", views.RoleDetailView.as_view(), name="role_detail"),
    path("roles/<int:pk>/edit/", views.RoleUpdateView.as_view(), name="role_update"),
    path("roles/<int:pk>/archive/", views.RoleArchiveView.as_view(), name="role_archive"),
    path("roles/<int:pk>/assign/", assignments.RoleAssignView.as_view(), name="role_assign"),
    path("assignments/mine/", assignments.MyAssignmentsView.as_view(), name="my_assignments"),
    path(
        "assignments/<int:pk>/confirm/",
        assignments.AssignmentConfirmView.as_view(),
        name="assignment_confirm",
    ),
    path("assignments/<int:pk>/end/", assignments.AssignmentEndView.as_view(), name="assignment_end"),
]
