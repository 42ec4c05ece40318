"""Data: reviews planned before editions were recorded on them were planned under the active one."""

from django.db import migrations


def backfill(apps, schema_editor):
    Edition = apps.get_model("commitments", "Edition")
    active = Edition.objects.filter(is_active=True).first()
    if active is not None:
        apps.get_model("reviews", "ManagementReview").objects.filter(edition__isnull=True).update(edition=active)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_review_edition"), ("commitments", "0010_complete_editions")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
