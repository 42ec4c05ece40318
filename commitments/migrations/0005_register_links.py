"""Data: which registers give context to which responsibility, per edition (matched by title)."""

from django.db import migrations
from django.utils import timezone

LINKS = {
    "QMS built into business processes": ["processes"],
    "Process approach and risk-based thinking": ["processes", "risks"],
    "Supporting other managers": ["roles"],
}


def load(apps, schema_editor):
    Responsibility = apps.get_model("commitments", "Responsibility")
    RegisterLink = apps.get_model("commitments", "RegisterLink")
    HistoricalRegisterLink = apps.get_model("commitments", "HistoricalRegisterLink")
    for responsibility in Responsibility.objects.filter(title__in=list(LINKS)):
        for register in LINKS[responsibility.title]:
            link, created = RegisterLink.objects.get_or_create(responsibility=responsibility, register=register)
            if created:
                HistoricalRegisterLink.objects.create(
                    id=link.id,
                    responsibility_id=link.responsibility_id,
                    register=register,
                    history_date=timezone.now(),
                    history_type="+",
                    history_change_reason="Loaded with the registers",
                )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0004_policy_and_registers")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
