"""manage.py create_user USERNAME --role {top,quality,auditor}"""

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people import services
from qms_leadership.roles import ROLE_KEYS


class Command(BaseCommand):
    help = "Create a user with a role (top, quality, auditor) or, without --role, an employee."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLE_KEYS), default=None)
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, role, password_stdin, email, first_name, last_name, **options):
        password = self._read_password(password_stdin)
        try:
            validate_password(password)
            user = services.user_create(
                username=username,
                password=password,
                role=role,
                email=email,
                first_name=first_name,
                last_name=last_name,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        label = ROLE_KEYS[role] if role else "employee (no role)"
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} as {label}."))

    def _read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("The password cannot be empty.")
        return password
