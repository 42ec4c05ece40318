"""Loaded the editions of the standard before their lists became complete data.

Installations migrated since then get every edition from 0010 (commitments/edition_loader.py);
this step is kept so the migration graph of existing installations stays the same.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
