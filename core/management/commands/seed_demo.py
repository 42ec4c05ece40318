"""manage.py seed_demo: a realistic demo organisation, idempotent."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demodata import demo_steps


class Command(BaseCommand):
    help = "Create the demo organisation and the users ceo, quality and auditor. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo", help="Password of the demo users (default: demo).")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has users."
        )

    def handle(self, *args, password, force, if_empty, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password: refused with DEBUG off (use --force)."
            )
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database already has users; demo data not loaded.")
            return
        people: dict = {}
        with transaction.atomic():
            for seed in demo_steps():
                seed(password=password, people=people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation ready. Log in as ceo, quality or auditor with password {password!r}."
            )
        )
