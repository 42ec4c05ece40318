"""A database emptied after migrating (as transactional tests do) gets its reference data back."""

import pytest
from django.core.management import call_command

from commitments.models import Edition, RegisterLink, Responsibility


@pytest.mark.django_db(transaction=True)
def test_flush_restores_editions_and_register_links():
    call_command("flush", "--no-input", verbosity=0)
    assert Edition.objects.active().get().name == "ISO 9001:2015"
    linked = set(
        RegisterLink.objects.filter(register="reviews", responsibility__edition__is_active=True).values_list(
            "responsibility__code", flat=True
        )
    )
    assert linked == {"a", "g", "i"}
    assert Responsibility.objects.of_active_edition().count() == 10
