from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The auditor's read-only report centre: audit pack, exports, point-in-time view."""

    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # Each app's registers join the registry once every model is loaded.
        from reports import auditpack_sections, registers  # noqa: F401
