"""URL wiring: each app brings its own namespaced urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from dashboard.views import HomeView, SearchView
from people import account, oidc
from people import views as people_views
from reports import views as report_views

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    # Readiness (database only; details for staff) and liveness (the process answers) probes.
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/ready", core_views.healthz, name="healthz_ready"),
    path("healthz/live", core_views.liveness, name="healthz_live"),
    # Read-only users (auditors) land on the report centre; everyone else on LOGIN_REDIRECT_URL.
    path(
        "accounts/login/",
        report_views.LandingLoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", people_views.SignOutView.as_view(), name="logout"),
    # Sign-in with the identity provider (404 until QMS_OIDC_* are set).
    path("accounts/oidc/authenticate/", oidc.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("accounts/oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    # Your account: the second factor (authenticator app and recovery codes).
    path("accounts/", account.AccountView.as_view(), name="account"),
    path("accounts/language/", account.LanguageView.as_view(), name="language"),
    path("accounts/second-factor/", account.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path(
        "accounts/second-factor/code/", account.SecondFactorVerifyView.as_view(), name="second_factor_verify"
    ),
    path("accounts/second-factor/off/", account.SecondFactorOffView.as_view(), name="second_factor_off"),
    path(
        "accounts/second-factor/recovery-codes/", account.RecoveryCodesView.as_view(), name="recovery_codes"
    ),
    path("accounts/password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("commitments/", include("commitments.urls")),
    path("policy/", include("commitments.urls_policy")),
    path("registers/", include("commitments.urls_registers")),
    path("objectives/", include("objectives.urls")),
    path("reviews/", include("reviews.urls")),
    path("findings/", include("findings.urls")),
    path("reports/", include("reports.urls")),
    path("transition/", include("transition.urls")),
    path("people/", include("people.urls")),
    path("accounts/tokens/", include("api.urls_tokens")),
    path("api/", include("api.urls")),
    path("integrations/", include("integrations.urls")),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
