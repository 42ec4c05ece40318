"""manage.py unlock_account USERNAME: lift a sign-in lock at every address (recorded)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.accounts import locks_of, unlock_account


class Command(BaseCommand):
    help = "Lift the sign-in lock of a user at every address and forget the failed attempts (recorded)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="Why, kept with the record of the unlock.")

    def handle(self, *args, username, reason, **options):
        locked_at = [lock.ip_address or "unknown address" for lock in locks_of(username)]
        try:
            record = unlock_account(username=username, by=None, reason=reason or "From the command line")
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        where = f" (was locked at {', '.join(locked_at)})" if locked_at else " (it was not locked)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Unlocked {record.username}{where}; "
                f"{record.attempts_cleared} failed-attempt record(s) cleared."
            )
        )
