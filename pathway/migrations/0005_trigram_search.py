"""On PostgreSQL, trigram indexes so a search also finds names with typos metaphone misses.

Skipped on SQLite (the embedded default), where search uses the phonetic keys alone.
pg_trgm is a trusted extension: a database owner may create it without superuser rights.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_family_name_trgm ON pathway_person "
    "USING gin (lower(family_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_given_name_trgm ON pathway_person "
    "USING gin (lower(given_name) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_family_name_trgm",
    "DROP INDEX IF EXISTS person_given_name_trgm",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("pathway", "0004_front_door")]

    operations = [migrations.RunPython(forwards, backwards)]
