from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


def check_visibility_timeout(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A broker visibility timeout at or below the longest task delivers a running task twice."""
    from django.conf import settings

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    if visibility is not None and visibility <= settings.CELERY_TASK_TIME_LIMIT:
        return [
            checks.Warning(
                f"CELERY_VISIBILITY_TIMEOUT ({visibility} s) is not above CELERY_TASK_TIME_LIMIT "
                f"({settings.CELERY_TASK_TIME_LIMIT} s): a long scan would be delivered and run twice.",
                hint="Set CELERY_VISIBILITY_TIMEOUT above the task time limit (the default is limit + 600).",
                id="qms.W001",
            )
        ]
    return []


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
        checks.register(check_visibility_timeout, checks.Tags.compatibility, deploy=True)
        # Connected to this app only, so it runs once per migrate, after every app's permissions.
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="core-sync-roles")
