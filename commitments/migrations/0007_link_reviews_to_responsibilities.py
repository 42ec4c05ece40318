"""Data: signed management reviews count as evidence for accountability, intended results and
improvement (matched by title, so both editions get the link and no letter is hard-coded)."""

from django.db import migrations
from django.utils import timezone

TITLES = ["Accountable for QMS effectiveness", "The QMS achieves its intended results", "Promoting improvement"]


def load(apps, schema_editor):
    Responsibility = apps.get_model("commitments", "Responsibility")
    RegisterLink = apps.get_model("commitments", "RegisterLink")
    HistoricalRegisterLink = apps.get_model("commitments", "HistoricalRegisterLink")
    for responsibility in Responsibility.objects.filter(title__in=TITLES):
        link, created = RegisterLink.objects.get_or_create(responsibility=responsibility, register="reviews")
        if created:
            HistoricalRegisterLink.objects.create(
                id=link.id, responsibility_id=link.responsibility_id, register="reviews",
                history_date=timezone.now(), history_type="+",
                history_change_reason="Signed management reviews count as evidence here",
            )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0006_register_link_reviews")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
