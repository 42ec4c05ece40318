from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="list"),
    path("schedule/", views.ScheduleUpdateView.as_view(), name="schedule"),
    path("new/", views.ReviewCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ReviewDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ReviewUpdateView.as_view(), name="edit"),
    path("<int:pk>/prepare/", views.ReviewPrepareView.as_view(), name="prepare"),
    path("<int:pk>/hold/", views.ReviewHoldView.as_view(), name="hold"),
    path("<int:pk>/record/", views.ReviewRecordView.as_view(), name="record"),
    path("<int:pk>/conclude/", views.ReviewConcludeView.as_view(), name="conclude"),
    path("<int:pk>/sign-off/", views.ReviewSignOffView.as_view(), name="sign_off"),
    path("<int:pk>/attendance/", views.ReviewAttendanceView.as_view(), name="attendance"),
    path("<int:pk>/decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/minutes.pdf", views.MinutesPdfView.as_view(), name="minutes_pdf"),
    path("inputs/<int:pk>/", views.InputUpdateView.as_view(), name="input_edit"),
    path("decisions/<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(
        "decisions/<int:pk>/resource-request/",
        views.DecisionResourceRequestView.as_view(),
        name="decision_resource_request",
    ),
    path(
        "decisions/<int:pk>/policy-draft/",
        views.DecisionPolicyDraftView.as_view(),
        name="decision_policy_draft",
    ),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/<int:pk>/status/", views.ActionStatusView.as_view(), name="action_status"),
]
