import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AccountExpiry
from reports import services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _auditor_until(expires_on: datetime.date, username: str = "ext-auditor"):
    user = UserFactory(username=username, role="auditor")
    AccountExpiry.objects.create(user=user, expires_on=expires_on)
    return user


def _log_in(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_expired_auditor_cannot_log_in(client):
    _auditor_until(TODAY() - datetime.timedelta(days=1))
    response = _log_in(client, "ext-auditor")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_auditor_can_log_in_up_to_and_including_the_last_day(client):
    _auditor_until(TODAY())
    response = _log_in(client, "ext-auditor")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_auditor_lands_on_the_report_centre_and_others_on_home(client, quality_user):
    _auditor_until(TODAY() + datetime.timedelta(days=3))
    assert _log_in(client, "ext-auditor").url == reverse("reports:index")
    # Already logged in, the log-in page sends them on to the same place.
    assert client.get(reverse("login")).url == reverse("reports:index")
    client.logout()
    response = client.post(reverse("login"), {"username": quality_user.username, "password": PASSWORD})
    assert response.url == reverse("home")


def test_an_open_session_ends_once_the_account_expires(client):
    user = _auditor_until(TODAY())
    client.force_login(user)
    assert client.get(reverse("reports:index")).status_code == 200
    AccountExpiry.objects.filter(user=user).update(expires_on=TODAY() - datetime.timedelta(days=1))
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("reports:index")).url.startswith(reverse("login"))


def test_accounts_without_an_expiry_are_not_affected(client, top_user):
    assert _log_in(client, top_user.username).status_code == 302


def test_quality_manager_creates_a_time_limited_auditor(client, quality_user):
    client.force_login(quality_user)
    last_day = TODAY() + datetime.timedelta(days=4)
    response = client.post(
        reverse("reports:auditor_accounts"),
        {
            "username": "cb-auditor",
            "first_name": "Ingrid",
            "last_name": "Solberg",
            "email": "ingrid@certbody.example",
            "expires_on": last_day.isoformat(),
            "password": "Audit-week-2026-north",
        },
        follow=True,
    )
    assert "Auditor account cb-auditor created" in response.content.decode()
    user = get_user_model().objects.get(username="cb-auditor")
    assert list(user.groups.values_list("name", flat=True)) == ["Auditor"]
    assert user.account_expiry.expires_on == last_day
    assert user.account_expiry.created_by == quality_user
    record = user.account_expiry.history.get()
    assert record.history_user == quality_user and "last day" in record.history_change_reason
    assert all(p.split(".")[1].startswith("view_") for p in user.get_all_permissions())
    client.logout()
    assert (
        client.post(
            reverse("login"), {"username": "cb-auditor", "password": "Audit-week-2026-north"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "cannot be in the past"), (services.MAX_ACCESS_DAYS + 1, "at most")],
)
def test_access_must_end_soon_and_not_in_the_past(quality_user, days, message):
    with pytest.raises(ValidationError, match=message):
        services.auditor_account_create(
            username="x-auditor",
            first_name="X",
            last_name="Y",
            email="x@example.com",
            password="Audit-week-2026-north",
            expires_on=TODAY() + datetime.timedelta(days=days),
            by=quality_user,
        )
    assert not get_user_model().objects.filter(username="x-auditor").exists()


def test_a_weak_password_or_taken_username_re_displays_the_form(client, quality_user):
    client.force_login(quality_user)
    data = {
        "username": quality_user.username,
        "first_name": "A",
        "last_name": "B",
        "email": "a@example.com",
        "expires_on": TODAY().isoformat(),
        "password": "password",
    }
    page = client.post(reverse("reports:auditor_accounts"), data).content.decode()
    assert "This password is too common." in page
    data["password"] = "Audit-week-2026-north"
    page = client.post(reverse("reports:auditor_accounts"), data).content.decode()
    assert "already exists" in page
    assert AccountExpiry.objects.count() == 0


def test_the_accounts_page_shows_expired_and_active_accounts(client, quality_user):
    _auditor_until(TODAY() - datetime.timedelta(days=2), "old-auditor")
    _auditor_until(TODAY() + datetime.timedelta(days=2), "new-auditor")
    client.force_login(quality_user)
    page = client.get(reverse("reports:auditor_accounts")).content.decode()
    assert "old-auditor" in page and "new-auditor" in page
    assert "Expired" in page and "Active" in page


def test_only_the_quality_manager_may_give_auditor_access():
    holders = Group.objects.filter(permissions__codename="add_accountexpiry").values_list("name", flat=True)
    assert list(holders) == ["Quality manager"]
