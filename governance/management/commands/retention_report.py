"""The retention schedule's dry run: what would go tonight and why (changes nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from governance.retention import retention_apply, retention_due


class Command(BaseCommand):
    help = "List what the retention schedule says is due (and what is on legal hold)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--apply", action="store_true", help="Anonymise what is due, as the nightly job does"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError:
            raise CommandError("--today must be a date, YYYY-MM-DD") from None
        today = today or timezone.localdate()
        due = retention_due(today=today)
        for item in due:
            state = f"HELD ({item.hold_reason})" if item.held else "would be anonymised"
            self.stdout.write(
                f"{item.record_class} {item.reference} due {item.due_on.isoformat()}: "
                f"{state}. {item.why}"
            )
        held = sum(item.held for item in due)
        self.stdout.write(f"{len(due) - held} due, {held} on legal hold, on {today.isoformat()}")
        if options["apply"]:
            done = retention_apply(today=today)
            self.stdout.write(f"{len(done)} anonymised")
