"""URLs of the policy pages (namespace "policy")."""

from django.urls import path  # noqa: F401

app_name = "policy"

urlpatterns: list = []
