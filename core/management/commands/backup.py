"""manage.py backup: the database and the evidence files in one archive."""

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or a copy of SQLite) and the private media folder into one tar file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path or folder (default: var/backups/).")

    def handle(self, *args, **options):
        try:
            path = backups.backup(options["output"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {path}")
