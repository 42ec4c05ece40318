from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API (/api/v1/), its OpenAPI schema and the personal access tokens scripts use."""

    name = "api"
    verbose_name = _("API and access tokens")
