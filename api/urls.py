"""/api/: version 1 of the API, its OpenAPI schema and the two readers of it (served from our static)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
# Explicit basenames: the URL names read api:<register>-list / api:<register>-detail.
for prefix, viewset in [
    ("responsibilities", views.ResponsibilityViewSet),
    ("evidence", views.EvidenceViewSet),
    ("leadership-actions", views.LeadershipActionViewSet),
    ("policy-versions", views.PolicyVersionViewSet),
    ("policy-acknowledgements", views.PolicyAcknowledgementViewSet),
    ("objectives", views.ObjectiveViewSet),
    ("measurements", views.MeasurementViewSet),
    ("resource-requests", views.ResourceRequestViewSet),
    ("reviews", views.ReviewViewSet),
    ("review-actions", views.ReviewActionViewSet),
    ("findings", views.FindingViewSet),
    ("processes", views.ProcessViewSet),
    ("risks", views.RiskViewSet),
    ("management-roles", views.ManagementRoleViewSet),
]:
    router.register(prefix, viewset, basename=prefix)


def _open(view):
    """The schema and its readers answer anonymous callers too (they describe, they hold no data)."""
    view.login_required = False
    return view


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", _open(SpectacularAPIView.as_view()), name="schema"),
    path(
        "schema/swagger/", _open(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="swagger"
    ),
    path("schema/redoc/", _open(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]
