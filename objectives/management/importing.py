"""The shared body of the import_objectives and import_measurements commands."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from objectives import imports


class ImportCommand(BaseCommand):
    """Read FILE, report every bad row and exit non-zero on any, else import it all."""

    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file with the documented columns.")
        parser.add_argument(
            "--by", help="Username recorded in the history as the importer (and whose permissions apply)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--max-rows",
            type=int,
            default=None,
            help="The most rows the file may hold (default QMS_IMPORT_MAX_ROWS).",
        )

    def handle(self, *args, file, by=None, dry_run=False, max_rows=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"No user with the username {by!r}.")
        action = imports.plan_file if dry_run else imports.import_file
        with path.open("rb") as content:
            plan = action(kind=self.kind, content=content, filename=path.name, by=user, max_rows=max_rows)
        if not plan.ok:
            report = "\n".join(str(error) for error in plan.errors)
            raise CommandError(f"{plan.summary()}\n{report}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {path.name}. {plan.summary()}"))
