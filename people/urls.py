"""URLs of the people pages (namespace "people")."""

from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("new/", views.PersonCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("<int:pk>/role/", views.PersonRoleView.as_view(), name="role"),
    path("<int:pk>/deactivate/", views.PersonDeactivateView.as_view(), name="deactivate"),
    path("<int:pk>/reactivate/", views.PersonReactivateView.as_view(), name="reactivate"),
    path("<int:pk>/password/", views.PersonPasswordResetView.as_view(), name="password_reset"),
    path("<int:pk>/unlock/", views.PersonUnlockView.as_view(), name="unlock"),
]
