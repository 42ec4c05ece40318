"""Factories for the report centre's tests: registers that have no factory of their own on this branch."""

import datetime

import factory

from commitments.models import PolicyVersion, Process
from tests.factories import UserFactory


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    name = factory.Sequence(lambda n: f"Process {n:06d}")
    owner = factory.SubFactory(UserFactory)
    purpose = "Turn orders into conforming parts."


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    number = factory.Sequence(lambda n: n + 1)
    text = "We make parts right first time and keep our promises to customers."
    status = PolicyVersion.Status.APPROVED
    approved_by = factory.SubFactory(UserFactory)
    approved_on = datetime.date(2026, 1, 15)


def backdate_history(model, when: datetime.datetime) -> None:
    """Move every history row of a model to `when`, as if the records had been created then."""
    model.history.update(history_date=when)


def finding(subject, label: str, *, rule_code: str, first_seen: datetime.datetime | None = None, **fields):
    """A finding of a check about `subject`, first seen at `first_seen` (now by default)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from findings.models import Finding

    first_seen = first_seen or timezone.now()
    return Finding.objects.create(
        rule_code=rule_code,
        severity="warning",
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        subject_label=label,
        message=f"{label}: needs attention",
        first_seen_at=first_seen,
        last_seen_on=timezone.localtime(first_seen).date(),
        **fields,
    )
