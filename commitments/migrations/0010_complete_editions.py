"""Data: every edition gets its complete lists and the 2015 -> 2026 crosswalk.

The 2026 edition loaded earlier as a final draft (11 items, letters shifted by one) is corrected in
place to the published order, so anything already linked to its items stays linked: each row gets
the stable key of what it is about, then the loader sets the published letters and titles.
"""

from django.db import migrations

KEYS_2015 = {
    "a": "accountability", "b": "policy-objectives", "c": "integration", "d": "process-risk",
    "e": "resources", "f": "communication", "g": "intended-results", "h": "engagement",
    "i": "improvement", "j": "supporting-roles",
}
KEYS_2026_DRAFT = {
    "a": "accountability", "b": "policy-objectives", "c": "integration", "d": "process-approach",
    "e": "culture-ethics", "f": "resources", "g": "communication", "h": "intended-results",
    "i": "engagement", "j": "improvement", "k": "supporting-roles",
}


def load(apps, schema_editor):
    from commitments.edition_loader import load_shipped_editions

    Edition = apps.get_model("commitments", "Edition")
    Responsibility = apps.get_model("commitments", "Responsibility")
    Edition.objects.filter(code="iso-9001-2026-draft").update(code="iso-9001-2026")
    for code, keys in (("iso-9001-2015", KEYS_2015), ("iso-9001-2026", KEYS_2026_DRAFT)):
        for row in Responsibility.objects.filter(edition__code=code, key=""):
            if row.code in keys:
                row.key = keys[row.code]
                row.save(update_fields=["key"])
    load_shipped_editions(get_model=lambda name: apps.get_model("commitments", name), manual_history=True)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0009_edition_lists_crosswalk_role_assignments")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
