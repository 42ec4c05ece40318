from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DashboardConfig(AppConfig):
    """The home pages: each role's dashboard, composed from every domain app (the top layer)."""

    name = "dashboard"
    verbose_name = gettext_lazy("Dashboard")
