from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Webhooks and calendar feeds: the product talking to other tools."""

    name = "integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import events
        from integrations import services

        events.listen(wants=services.events_wanted, notify=services.dispatch_soon)
