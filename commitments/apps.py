from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_editions(sender, **kwargs) -> None:
    """A database flushed after migrating (transactional tests) gets the editions back."""
    from commitments.editions_data import load_editions
    from commitments.models import Edition, Responsibility

    if not Edition.objects.exists():
        load_editions(Edition, Responsibility)


class CommitmentsConfig(AppConfig):
    """Leadership responsibilities, evidence, actions, the quality policy and the registers."""

    name = "commitments"

    def ready(self) -> None:
        post_migrate.connect(_ensure_editions, sender=self, dispatch_uid="commitments-ensure-editions")
