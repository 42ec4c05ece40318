from django.apps import AppConfig


class TransitionConfig(AppConfig):
    """Moving the QMS from one edition of the standard to the next: cockpit, switch and undo."""

    name = "transition"
