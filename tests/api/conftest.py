"""Fixtures of the API tests: a personal access token for each role, made through the token service."""

import datetime

import pytest
from django.utils import timezone

from api import services
from api.models import PersonalAccessToken


def make_token(user, scope=PersonalAccessToken.Scope.READ_WRITE) -> str:
    _token, raw = services.token_create(
        name=f"{user.username} script",
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        by=user,
    )
    return raw


def bearer(raw: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}


@pytest.fixture
def tokens_by_role(users_by_role):
    """A read-and-write token of each role (anonymous: none)."""
    return {role: make_token(user) if user else None for role, user in users_by_role.items()}


@pytest.fixture
def read_tokens_by_role(users_by_role):
    return {
        role: make_token(user, PersonalAccessToken.Scope.READ) if user else None
        for role, user in users_by_role.items()
    }
