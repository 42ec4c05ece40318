"""Load or correct an edition of a standard from a YAML or JSON file (see docs/editions.md)."""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from commitments.edition_loader import (
    MAX_FILE_BYTES,
    EditionFileError,
    apply_edition,
    parse_edition_file,
    to_yaml,
)
from commitments.editions_data import EDITIONS


class Command(BaseCommand):
    help = "Load or correct an edition (its lists and crosswalk) from a YAML or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="The edition file (.yaml, .yml or .json).")
        parser.add_argument("--check", action="store_true", help="Only check the file; change nothing.")
        parser.add_argument(
            "--template",
            metavar="CODE",
            help="Print a shipped edition as YAML to start a correction from (e.g. iso-9001-2026).",
        )

    def handle(self, *args, path=None, check=False, template=None, **options):
        if template:
            data = next((d for d in EDITIONS if d["code"] == template), None)
            if data is None:
                raise CommandError(
                    f"No shipped edition '{template}' (known: {', '.join(d['code'] for d in EDITIONS)})."
                )
            self.stdout.write(to_yaml(data))
            return
        if not path:
            raise CommandError("Give the path of an edition file, or --template CODE.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(
                f"{path}: larger than {MAX_FILE_BYTES // 1024} KB; an edition file is much smaller."
            )
        try:
            data = parse_edition_file(file.read_bytes(), name=file.name)
            with transaction.atomic():
                report = apply_edition(data, get_model=lambda name: apps.get_model("commitments", name))
                if check:
                    transaction.set_rollback(True)
        except EditionFileError as error:
            raise CommandError(
                f"{path} was not loaded:\n"
                + "\n".join(f"  {file.name}, {e}" for e in str(error).splitlines())
            ) from error
        verb = "would load" if check else "loaded"
        self.stdout.write(
            f"{report.edition_code}: {verb} {report.created} new, {report.corrected} corrected, "
            f"{report.unchanged} unchanged, {report.crosswalk_links} crosswalk links."
        )
        for line in report.kept_missing:
            self.stdout.write(f"  kept: {line}")
