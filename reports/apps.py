from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ReportsConfig(AppConfig):
    """The auditor's read-only report centre: audit pack, exports, point-in-time view."""

    name = "reports"
    verbose_name = gettext_lazy("Reports")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its registers and pack sections in its own reporting.py; the
        # cross-app sections (history, top management's acts, traceability) are the report centre's.
        autodiscover_modules("reporting")
        from reports import auditpack, jobs  # noqa: F401
