from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """People and access: accounts, roles, deactivation, password resets and unlocking."""

    name = "people"
    verbose_name = _("People and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from people.languages import remember_on_sign_in

        user_logged_in.connect(remember_on_sign_in, dispatch_uid="people.remember_language")
