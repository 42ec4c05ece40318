from django.urls import path

from findings import views

app_name = "findings"

urlpatterns = [
    path("", views.FindingListView.as_view(), name="list"),
    path("run/", views.RunChecksView.as_view(), name="run"),
    path("<int:pk>/", views.FindingDetailView.as_view(), name="detail"),
    path("<int:pk>/accept/", views.FindingAcceptView.as_view(), name="accept"),
    path("<int:pk>/withdraw/", views.FindingWithdrawView.as_view(), name="withdraw"),
]
