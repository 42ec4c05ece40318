"""Factories of the objectives app, valid by default."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from commitments.models import PolicyCommitment, PolicyVersion, Process
from objectives.models import Measurement, Objective, ResourceRequest
from tests.factories import UserFactory


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Process {n}")


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion
        django_get_or_create = ("number",)

    number = 1
    text = "We make parts right first time and keep our promises."
    status = PolicyVersion.Status.APPROVED


def policy_with_keys(*keys: str) -> PolicyVersion:
    """A policy in force stating commitments with these keys."""
    version = PolicyVersionFactory()
    for key in keys:
        PolicyCommitment.objects.get_or_create(version=version, key=key, defaults={"statement": key})
    return version


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    ref = factory.Sequence(lambda n: f"OBJ-{n:04d}")
    title = factory.Sequence(lambda n: f"Objective {n}")
    owner = factory.SubFactory(UserFactory)
    baseline = Decimal("80")
    target = Decimal("90")
    unit = "%"
    direction = Objective.Direction.INCREASE
    method = "Monthly report"
    frequency_days = 30
    # Relative to today, so the suite passes whatever the calendar says.
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    due_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=365))
    status = Objective.Status.ACTIVE


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    objective = factory.SubFactory(ObjectiveFactory)
    measured_on = factory.LazyAttribute(lambda o: o.objective.start_date + datetime.timedelta(days=31))
    value = Decimal("82")


class ResourceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceRequest

    category = ResourceRequest.Category.MONITORING_MEASURING
    description = "A second coordinate measuring machine probe"
    objective = factory.SubFactory(ObjectiveFactory)
    quantity = Decimal("1")
    cost = Decimal("4500")


class ObjectiveOf2026Factory(ObjectiveFactory):
    """An objective over the calendar year 2026, for tests that run on the fixed clock (`fixed_clock`)."""

    start_date = datetime.date(2026, 1, 1)
    due_date = datetime.date(2026, 12, 31)
