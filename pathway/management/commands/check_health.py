"""python manage.py check_health [--require database|broker|scheduler ...]

Prints the same checks as /healthz as JSON and exits 1 when a required one fails, so a
container healthcheck (compose's beat service) or a cron monitor can act on it without
going through the web tier.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathway.health import broker_status, database_status, scheduler_status

CHECKS = {"database": database_status, "broker": broker_status, "scheduler": scheduler_status}


class Command(BaseCommand):
    help = "Report the database, broker and scheduler health; exit 1 if a required one fails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--require",
            action="append",
            choices=sorted(CHECKS),
            default=[],
            help="A check that must pass (repeatable). Default: database and broker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        required = options["require"] or ["database", "broker"]
        results = {name: check() for name, check in CHECKS.items()}
        self.stdout.write(json.dumps(results, sort_keys=True))
        failed = [name for name in required if not results[name]["ok"]]
        if failed:
            raise CommandError(f"unhealthy: {', '.join(failed)}")
