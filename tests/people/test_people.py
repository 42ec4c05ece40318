"""User administration: add a person, give a role, deactivate (never delete), reset, unlock."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from people import services
from people.models import AccountEvent
from qms_leadership.roles import QUALITY_MANAGER, role_of
from tests.factories import UserFactory
from tests.people.factories import lock_out

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "correct-horse-battery-staple"


def _add(by, username="jane", role="quality"):
    return services.user_create(
        username=username, password=PASSWORD, role=role, first_name="Jane", last_name="Doe", by=by
    )


def test_adding_a_person_gives_the_role_and_records_the_act(top_user):
    jane = _add(top_user)
    assert role_of(jane) == QUALITY_MANAGER and jane.check_password(PASSWORD)
    event = AccountEvent.objects.get(subject=jane)
    assert (event.action, event.by) == (AccountEvent.Action.CREATED, top_user)


def test_a_username_differing_only_in_case_is_refused(top_user):
    _add(top_user, username="jane")
    with pytest.raises(ValidationError, match="already exists"):
        _add(top_user, username="Jane")
    assert User.objects.filter(username__iexact="jane").count() == 1


def test_only_people_administrators_manage_accounts(quality_user):
    with pytest.raises(PermissionDenied):
        _add(quality_user)
    assert not User.objects.filter(username="jane").exists()


def test_deactivating_keeps_the_account_and_says_why(top_user):
    jane = _add(top_user)
    services.user_deactivate(user=jane, reason="Left the company", by=top_user)
    jane.refresh_from_db()
    assert jane.is_active is False
    assert AccountEvent.objects.filter(subject=jane, action="deactivated", detail="Left the company").exists()
    with pytest.raises(ValidationError):
        services.user_deactivate(user=top_user, reason="x", by=top_user)


def test_role_change_and_password_reset_are_recorded(top_user):
    jane = _add(top_user)
    services.user_set_role(user=jane, role="auditor", by=top_user)
    password = services.user_reset_password(user=jane, by=top_user)
    jane.refresh_from_db()
    assert role_of(jane) == "Auditor" and jane.check_password(password)
    details = list(AccountEvent.objects.filter(subject=jane).values_list("action", "detail"))
    assert ("role", "Quality manager → Auditor") in details
    assert password not in str(details)


def test_unlocking_lifts_the_lock(top_user):
    jane = _add(top_user)
    lock_out("jane")
    assert services.is_locked(jane)
    services.user_unlock(user=jane, by=top_user)
    assert not services.is_locked(jane)
    assert AccountEvent.objects.filter(subject=jane, action="unlocked").exists()


def test_the_page_adds_a_person_with_a_temporary_password(client, top_user):
    client.force_login(top_user)
    response = client.post(
        reverse("people:create"),
        {"username": "sam", "first_name": "Sam", "last_name": "Lee", "email": "", "role": "", "password": ""},
        follow=True,
    )
    page = response.content.decode()
    sam = User.objects.get(username="sam")
    assert "temporary password is" in page and "Sam Lee" in page
    assert role_of(sam) is None and sam.has_usable_password()


def test_the_page_refuses_a_case_twin(client, top_user):
    UserFactory(username="jane")
    client.force_login(top_user)
    response = client.post(
        reverse("people:create"),
        {"username": "JANE", "first_name": "J", "last_name": "D", "email": "", "role": "", "password": ""},
    )
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert User.objects.filter(username__iexact="jane").count() == 1


def test_people_list_costs_the_same_queries_at_two_sizes(client, top_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory.create_batch(2, role="quality")
    client.force_login(top_user)
    client.get(reverse("people:list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("people:list"))
    UserFactory.create_batch(15, role="auditor")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("people:list"))
