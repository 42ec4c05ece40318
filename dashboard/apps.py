from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The home pages: each role's dashboard, composed from every domain app (the top layer)."""

    name = "dashboard"
    verbose_name = "Dashboard"
