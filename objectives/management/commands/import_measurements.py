"""manage.py import_measurements FILE: import measurements from a CSV or XLSX file (all rows or none)."""

from objectives.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import measurements from a CSV or XLSX file. A file with any bad row imports nothing."
    kind = "measurements"
