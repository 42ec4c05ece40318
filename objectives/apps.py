from django.apps import AppConfig


class ObjectivesConfig(AppConfig):
    """Measurable quality objectives, measurements, resources and alignment findings."""

    name = "objectives"
