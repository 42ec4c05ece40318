from django.apps import AppConfig


class FindingsConfig(AppConfig):
    """Findings of the background checks: drift between what leaders say and what the data shows."""

    name = "findings"

    def ready(self) -> None:
        # Each app keeps its rules in checks.py; importing them registers them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("checks")
