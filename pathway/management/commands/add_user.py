"""python manage.py add_user USERNAME --role ROLE [--locality CODE] [--team CODE] [--agency CODE]

The password is read from standard input, or from the environment variable named by
--password-env, never from the command line (where it would sit in shell history).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathway.choices import Role
from pathway.services.accounts import user_create


class Command(BaseCommand):
    help = "Create a user with a role (and a locality, team or agency where the role needs one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--locality", help="Locality code")
        parser.add_argument("--team", help="Team code")
        parser.add_argument("--agency", help="Agency code (partner agency practitioners)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--capacity", type=int, help="Caseload capacity (practitioners)")
        parser.add_argument(
            "--password-env", metavar="VAR", help="Read the password from this environment variable"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options["password_env"])
        try:
            user = user_create(
                username=options["username"],
                password=password,
                role=options["role"],
                locality_code=options["locality"],
                team_code=options["team"],
                agency_code=options["agency"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                capacity=options["capacity"],
            )
        except ValidationError as exc:
            lines = [f"  {field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("Could not create the user:\n" + "\n".join(lines)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.username} ({Role(options['role']).label})")
        )

    def _password(self, env_var: str | None) -> str:
        if env_var:
            value = os.environ.get(env_var)
            if not value:
                raise CommandError(f"Environment variable {env_var} is not set or is empty")
            return value
        if sys.stdin.isatty():
            import getpass

            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match")
            return first
        value = sys.stdin.readline().rstrip("\n")
        if not value:
            raise CommandError("No password given on standard input (or use --password-env VAR)")
        return value
