from django.urls import path

from commitments.views import actions, evidence, responsibilities

app_name = "commitments"

urlpatterns = [
    path("responsibilities/", responsibilities.ResponsibilityListView.as_view(), name="responsibility_list"),
    path(
        "responsibilities/<int:pk>/",
        responsibilities.ResponsibilityDetailView.as_view(),
        name="responsibility_detail",
    ),
    path(
        "responsibilities/<int:pk>/edit/",
        responsibilities.ResponsibilityUpdateView.as_view(),
        name="responsibility_update",
    ),
    path(
        "responsibilities/<int:pk>/confirm-owner/",
        responsibilities.ResponsibilityConfirmOwnerView.as_view(),
        name="responsibility_confirm_owner",
    ),
    path("evidence/", evidence.EvidenceListView.as_view(), name="evidence_list"),
    path("evidence/new/", evidence.EvidenceCreateView.as_view(), name="evidence_create"),
    path("evidence/<int:pk>/", evidence.EvidenceDetailView.as_view(), name="evidence_detail"),
    path("evidence/<int:pk>/edit/", evidence.EvidenceUpdateView.as_view(), name="evidence_update"),
    path("evidence/<int:pk>/archive/", evidence.EvidenceArchiveView.as_view(), name="evidence_archive"),
    path(
        "attachments/<int:pk>/download/",
        evidence.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("actions/", actions.LeadershipActionListView.as_view(), name="action_list"),
    path("actions/mine/", actions.MyActionsView.as_view(), name="my_actions"),
    path("actions/new/", actions.LeadershipActionCreateView.as_view(), name="action_create"),
    path("actions/<int:pk>/", actions.LeadershipActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", actions.LeadershipActionUpdateView.as_view(), name="action_update"),
    path(
        "actions/<int:pk>/status/", actions.LeadershipActionTransitionView.as_view(), name="action_transition"
    ),
    path("actions/<int:pk>/archive/", actions.LeadershipActionArchiveView.as_view(), name="action_archive"),
]
