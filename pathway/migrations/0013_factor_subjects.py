"""Correct the subject of the CIN factors whose letter is a sub-type, not a person.

In the CIN census the suffix A/B/C names whom the concern is about (the child, a parent or
carer, another member of the household) only for factors 1 to 6. For 8B–8F (the kind of
private fostering arrangement), 18B/18C and 19B/19C (child-on-child or adult-on-child abuse)
the letter is a sub-type and the concern is always about the child. 0003 read every letter
as a person; reports of presenting issues by subject need the census's meaning.
"""

from django.db import migrations

ABOUT_THE_CHILD = ["8B", "8C", "8D", "8E", "8F", "18B", "18C", "19B", "19C"]


def correct(apps, schema_editor):
    PresentingIssue = apps.get_model("pathway", "PresentingIssue")
    PresentingIssue.objects.filter(code__in=ABOUT_THE_CHILD).update(subject="A")


class Migration(migrations.Migration):
    dependencies = [("pathway", "0012_case_front_door_flag")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
