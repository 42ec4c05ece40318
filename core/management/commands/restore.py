"""manage.py restore ARCHIVE: put a backup into the configured database and media folder, then
verify every stored file against the SHA-256 the database recorded."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and media folder, then verify."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite a database and media folder that hold data."
        )

    def handle(self, *args, **options):
        try:
            restored = backups.restore(options["archive"], replace=options["replace"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {restored.created_at} ({restored.files} files).")
        call_command("verify_files", stdout=self.stdout, stderr=self.stderr)
