"""manage.py run_checks: run every check now and print what changed."""

from collections import Counter

from django.core.management.base import BaseCommand
from django.utils import timezone

from findings import services
from findings.models import Finding


class Command(BaseCommand):
    help = "Run the background checks now (as the daily job does) and print a summary."

    def handle(self, *args, **options):
        run = services.scan(trigger="command")
        if run is None:
            self.stdout.write("Another scan is running; nothing done.")
            return
        self.stdout.write(
            f"Opened {run.opened}, resolved {run.resolved}, still open and seen today {run.seen}."
        )
        today = timezone.localdate()
        counts = Counter(Finding.objects.alerting(today).values_list("rule_code", flat=True))
        accepted = Finding.objects.accepted(today).count()
        for code, n in sorted(counts.items()):
            rule = Finding(rule_code=code).rule
            self.stdout.write(f"  {code:<22} {n:>5}  {rule.title if rule else ''}")
        self.stdout.write(
            f"Open findings needing attention: {sum(counts.values())}; accepted for now: {accepted}."
        )
