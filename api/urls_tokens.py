"""/accounts/tokens/: each person's personal access tokens."""

from django.urls import path

from api import pages

app_name = "tokens"

urlpatterns = [
    path("", pages.TokenListView.as_view(), name="list"),
    path("<int:pk>/revoke/", pages.TokenRevokeView.as_view(), name="revoke"),
]
