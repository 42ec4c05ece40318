"""Factories of the policy and the registers, valid by default."""

import factory

from commitments.models import (
    ManagementRole,
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyCommunication,
    PolicyVersion,
    Process,
    Risk,
)
from tests.factories import UserFactory


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    created_by = factory.SubFactory(UserFactory)
    text = "We make parts right first time.\nWe deliver on time."
    context_and_direction = "Growth in aerospace; second machining cell."

    @factory.post_generation
    def with_mandatory(self, create, extracted, **kwargs):
        """PolicyVersionFactory(with_mandatory=True) adds the requirements and improvement commitments."""
        if create and extracted:
            PolicyCommitmentFactory(version=self, key="meet-requirements", kind="requirements")
            PolicyCommitmentFactory(version=self, key="continual-improvement", kind="improvement")


class PolicyCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyCommitment

    version = factory.SubFactory(PolicyVersionFactory)
    key = factory.Sequence(lambda n: f"commitment-{n}")
    statement = factory.Faker("sentence")


class PolicyCommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyCommunication

    version = factory.SubFactory(PolicyVersionFactory, status="approved")
    communicated_on = factory.Faker("date_this_year")
    channel = "briefing"
    audience = "All staff"


class PolicyAcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyAcknowledgement

    version = factory.SubFactory(PolicyVersionFactory, status="approved")
    user = factory.SubFactory(UserFactory)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    name = factory.Sequence(lambda n: f"Process {n}")
    owner = factory.SubFactory(UserFactory)
    purpose = "Make parts."


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 2
    score = factory.LazyAttribute(lambda r: r.likelihood * r.impact)
    owner = factory.SubFactory(UserFactory)


class ManagementRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementRole

    title = factory.Sequence(lambda n: f"Role {n}")
    holder = factory.SubFactory(UserFactory)
    area = "Production"
    responsibilities = "Runs production."
    authorities = "Stops the line."
