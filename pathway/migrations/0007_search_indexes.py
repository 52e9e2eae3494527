"""Indexes the people search needs at volume (docs/performance.md).

A one-word search ("Smith") takes the family name's 300 youngest people first: with an
index on (family_name_key, date_of_birth) that is a walk down one index range, where
before the database read back through every date of birth until it had found 300
Smiths. Plain SQL in RunPython, as in 0005, so the models' state is untouched.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_family_key_born ON pathway_person "
    "(family_name_key, date_of_birth)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_family_key_born",
]


def forwards(apps, schema_editor):
    for statement in FORWARD:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("pathway", "0006_notifications")]

    operations = [migrations.RunPython(forwards, backwards)]
