"""URL wiring: each app brings its own namespaced urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from dashboard.views import HomeView
from reports import views as report_views

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # Read-only users (auditors) land on the report centre; everyone else on LOGIN_REDIRECT_URL.
    path(
        "accounts/login/",
        report_views.LandingLoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("commitments/", include("commitments.urls")),
    path("policy/", include("commitments.urls_policy")),
    path("registers/", include("commitments.urls_registers")),
    path("objectives/", include("objectives.urls")),
    path("reviews/", include("reviews.urls")),
    path("findings/", include("findings.urls")),
    path("reports/", include("reports.urls")),
]
