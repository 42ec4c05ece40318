"""URLs of the policy pages (namespace "policy")."""

from django.urls import path

from commitments.views import policy as views

app_name = "policy"

urlpatterns = [
    path("", views.PolicyCurrentView.as_view(), name="current"),
    path("print/", views.PolicyPrintView.as_view(), name="print"),
    path("acknowledge/", views.PolicyAcknowledgeView.as_view(), name="acknowledge"),
    path("banner/hide/", views.PolicyBannerDismissView.as_view(), name="banner_dismiss"),
    path("versions/", views.PolicyVersionListView.as_view(), name="version_list"),
    path("versions/new/", views.PolicyDraftStartView.as_view(), name="draft_start"),
    path("versions/compare/", views.PolicyCompareView.as_view(), name="compare"),
    path("versions/<int:pk>/", views.PolicyVersionDetailView.as_view(), name="version_detail"),
    path("versions/<int:pk>/edit/", views.PolicyVersionUpdateView.as_view(), name="version_update"),
    path("versions/<int:pk>/approve/", views.PolicyVersionApproveView.as_view(), name="version_approve"),
    path(
        "versions/<int:pk>/commitments/new/",
        views.PolicyCommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path("commitments/<int:pk>/edit/", views.PolicyCommitmentUpdateView.as_view(), name="commitment_update"),
    path(
        "commitments/<int:pk>/remove/", views.PolicyCommitmentRemoveView.as_view(), name="commitment_remove"
    ),
    path(
        "versions/<int:pk>/communications/new/",
        views.PolicyCommunicationCreateView.as_view(),
        name="communication_create",
    ),
    path(
        "versions/<int:pk>/acknowledgements/",
        views.PolicyAcknowledgementListView.as_view(),
        name="acknowledgement_list",
    ),
]
