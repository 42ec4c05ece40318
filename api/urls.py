"""/api/: version 1 of the API, its OpenAPI schema and the two readers of it (served from our static)."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
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


# Both readers draw with inline styles set by their scripts, and Redoc searches in a worker it
# builds from a blob; scripts still come from our own static files only.
_reader_csp = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})


def _reader(view):
    return _open(_reader_csp(view))


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", _open(SpectacularAPIView.as_view()), name="schema"),
    path(
        "schema/swagger/", _reader(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="swagger"
    ),
    path("schema/redoc/", _reader(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]
