from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """People and access: accounts, roles, deactivation, password resets and unlocking."""

    name = "people"
    verbose_name = _("People and access")
