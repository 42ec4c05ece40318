"""The dashboard owns no table; this model only carries the permissions that choose a home page."""

from django.db import models


class Dashboard(models.Model):
    """Permissions of the home pages (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("see_leadership_dashboard", "Sees the top-management dashboard as home page")]

    def __str__(self) -> str:
        return "Dashboard"
