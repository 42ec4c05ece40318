import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments.models import ListKey, Requirement, RoleAssignment
from commitments.services import assignments as services
from findings.engine import apply_rule
from findings.models import Finding
from findings.rules import RULES
from tests.policy.factories import ManagementRoleFactory

pytestmark = pytest.mark.django_db


def _requirement(code="c"):
    return Requirement.objects.of_active_edition().in_list(ListKey.ROLE_ASSIGNMENTS).get(code=code)


def _scan(code, today=None):
    apply_rule(RULES[code], today=today or timezone.localdate(), now=timezone.now())
    return Finding.objects.open().filter(rule_code=code)


def test_top_management_assigns_and_the_holder_confirms(client, top_user, quality_user):
    role = ManagementRoleFactory(holder=quality_user)
    client.force_login(top_user)
    client.post(reverse("registers:role_assign", args=[role.pk]), {"requirement": _requirement().pk})
    assignment = RoleAssignment.objects.get(role=role)
    assert (assignment.holder, assignment.assigned_by, assignment.confirmed_at) == (
        quality_user,
        top_user,
        None,
    )
    client.force_login(quality_user)
    page = client.get(reverse("registers:my_assignments")).content.decode()
    assert "Reporting on performance and improvement opportunities" in page
    client.post(reverse("registers:assignment_confirm", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.confirmed_at is not None
    assert assignment.history.first().history_change_reason == "Confirmed by the holder"


def test_only_top_management_assigns_and_only_the_holder_confirms(top_user, quality_user):
    role = ManagementRoleFactory(holder=quality_user)
    with pytest.raises(PermissionDenied):
        services.role_assignment_create(role=role, requirement=_requirement(), by=quality_user)
    assignment = services.role_assignment_create(role=role, requirement=_requirement(), by=top_user)
    with pytest.raises(PermissionDenied):
        services.role_assignment_confirm(assignment=assignment, by=top_user)
    with pytest.raises(ValidationError, match="already holds"):
        services.role_assignment_create(role=role, requirement=_requirement(), by=top_user)


def test_assignment_whose_role_lost_its_holder_is_flagged(top_user, quality_user):
    role = ManagementRoleFactory(holder=quality_user)
    assignment = services.role_assignment_create(role=role, requirement=_requirement(), by=top_user)
    assert not _scan("ROLE-ASSIGNMENT-NO-HOLDER").exists()
    role.holder = None
    role.save()
    finding = _scan("ROLE-ASSIGNMENT-NO-HOLDER").get()
    assert finding.subject_id == assignment.pk and finding.owner == top_user
    quality_user.is_active = False
    quality_user.save()
    role.holder = quality_user
    role.save()
    assert _scan("ROLE-ASSIGNMENT-NO-HOLDER").count() == 1


def test_assignment_not_confirmed_within_the_set_days_is_flagged(settings, top_user, quality_user):
    settings.ROLE_ASSIGNMENT_CONFIRM_DAYS = 10
    role = ManagementRoleFactory(holder=quality_user)
    assignment = services.role_assignment_create(role=role, requirement=_requirement(), by=top_user)
    today = timezone.localdate()
    assert not _scan("ROLE-ASSIGNMENT-UNCONFIRMED", today + datetime.timedelta(days=10)).exists()
    flagged = _scan("ROLE-ASSIGNMENT-UNCONFIRMED", today + datetime.timedelta(days=11)).get()
    assert flagged.owner == quality_user
    services.role_assignment_confirm(assignment=assignment, by=quality_user)
    assert not _scan("ROLE-ASSIGNMENT-UNCONFIRMED", today + datetime.timedelta(days=11)).exists()
