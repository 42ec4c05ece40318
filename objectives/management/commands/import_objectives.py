"""manage.py import_objectives FILE: import objectives from a CSV or XLSX file (all rows or none)."""

from objectives.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import objectives from a CSV or XLSX file. A file with any bad row imports nothing."
    kind = "objectives"
