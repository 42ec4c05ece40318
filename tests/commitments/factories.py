"""Factories of the commitments app (valid by default)."""

import datetime
import hashlib

import factory
from django.utils import timezone

from commitments.models import Attachment, Evidence, LeadershipAction, Responsibility
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def active_responsibility(code: str = "a") -> Responsibility:
    return Responsibility.objects.of_active_edition().get(code=code)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Evidence {n}")
    kind = Evidence.Kind.MEETING_MINUTES
    fact_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def responsibilities(self, create, extracted, **kwargs):
        if create:
            self.responsibilities.set(extracted or [active_responsibility()])


class LeadershipActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipAction

    responsibility = factory.LazyFunction(active_responsibility)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(UserFactory, role="top")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    evidence = factory.SubFactory(EvidenceFactory)
    file = factory.django.FileField(filename="minutes.pdf", data=PDF)
    original_name = "minutes.pdf"
    size = len(PDF)
    content_type = "application/pdf"
    sha256 = hashlib.sha256(PDF).hexdigest()
    uploaded_by = factory.SelfAttribute("evidence.recorded_by")
