from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People and access: accounts, roles, deactivation, password resets and unlocking."""

    name = "people"
    verbose_name = "People and access"
