"""python manage.py sweep_deadlines [--today YYYY-MM-DD] — the beat's sweep, run by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from caf.sweep import deadlines_sweep


class Command(BaseCommand):
    help = "Send due reminders, mark and escalate breaches, flag overdue reviews (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Sweep as if it were this date (YYYY-MM-DD)")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--pause-ms",
            type=int,
            default=0,
            help="Pause between batches, to spread the load in office hours",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date like 2026-12-24") from None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        result = deadlines_sweep(
            today=today, batch_size=options["batch_size"], pause_seconds=options["pause_ms"] / 1000
        )
        self.stdout.write(str(result))
