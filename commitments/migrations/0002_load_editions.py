"""Load the editions of the standard and their leadership items (data, not code)."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from commitments.editions_data import load_editions

    created = load_editions(apps.get_model("commitments", "Edition"), apps.get_model("commitments", "Responsibility"))
    # History signals do not fire for migration models: give each loaded row its "created" record.
    for obj in created:
        historical = apps.get_model("commitments", f"Historical{obj._meta.object_name}")
        values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        historical.objects.create(
            **values, history_date=timezone.now(), history_type="+", history_change_reason="Loaded with the edition"
        )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
