from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_editions(sender, **kwargs) -> None:
    """A database flushed after migrating (transactional tests) gets the editions and links back."""
    from django.apps import apps

    from commitments.edition_loader import load_shipped_editions
    from commitments.models import Edition

    if not Edition.objects.exists():
        load_shipped_editions(get_model=lambda name: apps.get_model("commitments", name))


class CommitmentsConfig(AppConfig):
    """Leadership responsibilities, evidence, actions, the quality policy and the registers."""

    name = "commitments"

    def ready(self) -> None:
        post_migrate.connect(_ensure_editions, sender=self, dispatch_uid="commitments-ensure-editions")
