from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    """Permissions of models added after the roles migration reach the groups too."""
    from django.contrib.auth.models import Group, Permission

    from qms_leadership.roles import sync_roles

    sync_roles(Group, Permission)


class CoreConfig(AppConfig):
    """Users and roles, health, the audit-trail helpers and the demo organisation."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from qms_leadership.celery import ensure_local_broker_folders

        ensure_local_broker_folders()
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import mark_activity

        user_logged_in.connect(mark_activity, dispatch_uid="core-mark-activity")
        # Connected to this app only, so it runs once per migrate, after every app's permissions.
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="core-sync-roles")
