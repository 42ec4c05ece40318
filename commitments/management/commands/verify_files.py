"""manage.py verify_files: recompute every stored evidence file's SHA-256 against the database."""

from django.core.management.base import BaseCommand, CommandError

from commitments import integrity
from commitments.models import Attachment


class Command(BaseCommand):
    help = (
        "Check every stored evidence file against the SHA-256 recorded at upload (as the nightly job does)."
    )

    def handle(self, *args, **options):
        counts = integrity.verify_all()
        total = sum(counts.values())
        self.stdout.write(
            f"Verified {total} files: {counts[Attachment.Integrity.INTACT]} match their SHA-256, "
            f"{counts[Attachment.Integrity.CHANGED]} changed, {counts[Attachment.Integrity.MISSING]} missing."
        )
        damaged = counts[Attachment.Integrity.CHANGED] + counts[Attachment.Integrity.MISSING]
        if damaged:
            raise CommandError(f"{damaged} stored files do not match the database; see the findings page.")
