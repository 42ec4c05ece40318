"""Create the three roles with the permissions declared in qms_leadership/roles.py."""

from django.db import migrations


def apply_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from qms_leadership.roles import sync_roles

    # Permissions are normally created after migrate; make them exist now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0002_load_editions"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
