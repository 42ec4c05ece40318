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


def _name_people_in_choices() -> None:
    """Every form and filter that offers people lists them by full name (core.formatting.person),
    not by login name: one rule here rather than a custom field in each of a dozen forms."""
    from django import forms
    from django.contrib.auth import get_user_model

    from core.formatting import person

    user_model = get_user_model()
    default = forms.ModelChoiceField.label_from_instance
    if getattr(default, "names_people", False):
        return

    def label_from_instance(self, obj) -> str:
        return person(obj) if isinstance(obj, user_model) else default(self, obj)

    label_from_instance.names_people = True
    forms.ModelChoiceField.label_from_instance = label_from_instance


class CoreConfig(AppConfig):
    """Users and roles, health, the audit-trail helpers and the demo organisation."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from qms_leadership.celery import ensure_local_broker_folders

        ensure_local_broker_folders()
        _name_people_in_choices()
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import mark_activity

        user_logged_in.connect(mark_activity, dispatch_uid="core-mark-activity")
        from core.twofactor import note_new_session

        user_logged_in.connect(note_new_session, dispatch_uid="core-second-factor")
        from core.languages import remember_on_sign_in

        user_logged_in.connect(remember_on_sign_in, dispatch_uid="core-remember-language")
        checks.register(check_visibility_timeout, checks.Tags.compatibility, deploy=True)
        # Connected to this app only, so it runs once per migrate, after every app's permissions.
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="core-sync-roles")
