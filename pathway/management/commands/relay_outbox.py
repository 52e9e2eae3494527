"""python manage.py relay_outbox [--batch-size N] — the beat's outbox relay, run by hand.

Publishes the Celery work still waiting in the outbox (for example after a broker outage)
and exits 1 if the broker refused some of it, which stays queued for the next run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathway.services.outbox import RELAY_BATCH_SIZE, outbox_relay


class Command(BaseCommand):
    help = "Publish the pending outbox messages to the Celery broker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=RELAY_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        result = outbox_relay(batch_size=options["batch_size"])
        self.stdout.write(str(result))
        if result.failed:
            raise CommandError(
                f"the broker refused {result.failed}; still pending: {result.pending}"
            )
