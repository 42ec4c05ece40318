"""Write commitments/edition_texts.py: the shipped editions' texts, for the translation catalogues."""

from pathlib import Path

from django.core.management.base import BaseCommand

from commitments.edition_loader import edition_texts_module
from commitments.editions_data import EDITIONS

TARGET = Path(__file__).resolve().parents[2] / "edition_texts.py"


class Command(BaseCommand):
    help = "Print (or --write) the module listing the shipped editions' texts for makemessages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write", action="store_true", help=f"Write {TARGET.name} instead of printing it."
        )

    def handle(self, *args, write=False, **options):
        source = edition_texts_module(EDITIONS)
        if write:
            TARGET.write_text(source)
            self.stdout.write(f"Wrote {TARGET}")
        else:
            self.stdout.write(source, ending="")
