"""Factories shared by every app: users and roles. Apps keep their own factories beside their tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from qms_leadership.roles import ROLE_KEYS

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role="top") puts the user in that role's group."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=ROLE_KEYS[extracted]))
