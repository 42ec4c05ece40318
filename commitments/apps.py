from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_editions(sender, **kwargs) -> None:
    """A database flushed after migrating (transactional tests) gets the editions and links back."""
    from commitments.editions_data import load_editions, load_register_links
    from commitments.models import Edition, RegisterLink, Responsibility

    if not Edition.objects.exists():
        load_editions(Edition, Responsibility)
    if not RegisterLink.objects.exists():
        load_register_links(RegisterLink, Responsibility)


class CommitmentsConfig(AppConfig):
    """Leadership responsibilities, evidence, actions, the quality policy and the registers."""

    name = "commitments"

    def ready(self) -> None:
        post_migrate.connect(_ensure_editions, sender=self, dispatch_uid="commitments-ensure-editions")
