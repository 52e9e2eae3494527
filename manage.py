#!/usr/bin/env python
"""Django's command-line utility, with plain-English messages for the two set-up
mistakes people make most: a missing setting and a database that does not answer."""

import os
import sys

# Commands that only generate files (migrations, the API schema, static files) sign
# nothing, so they run without the production secret: on a build server, in CI, in a hook.
BUILD_COMMANDS = {"makemigrations", "spectacular", "collectstatic"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in BUILD_COMMANDS:
        os.environ.setdefault("SECRET_KEY", "build-only-key-that-never-signs-anything")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)
    except OperationalError as exc:
        from django.conf import settings

        db = settings.DATABASES["default"]
        where = db.get("HOST") or db.get("NAME")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        sys.stderr.write(
            f"Cannot use the database at {where}{port} (from DATABASE_URL): {reason}\n"
            "Check that the database server is running and DATABASE_URL is right.\n"
        )
        sys.exit(3)


if __name__ == "__main__":
    main()
