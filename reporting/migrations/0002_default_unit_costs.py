"""Stockport's unit costs (DCSF 2010; Netten & Curtis 2006) as the starting figures."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULTS = [
    ("social_care_assessment", Decimal("350.00"), "Stockport invest-to-save case (DCSF 2010)"),
    ("family_support", Decimal("1250.00"), "Stockport invest-to-save case: 10 × 1 hour"),
    ("child_in_care", Decimal("36653.00"), "Netten & Curtis 2006, as used by Stockport"),
]
FROM = date(2010, 1, 1)


def load(apps, schema_editor):
    UnitCost = apps.get_model("reporting", "UnitCost")
    for kind, amount, source in DEFAULTS:
        UnitCost.objects.get_or_create(
            kind=kind, effective_from=FROM, defaults={"amount": amount, "source": source}
        )


def grant(apps, schema_editor):
    """Administrators set the unit costs (view, add, change; never delete a used figure)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reporting",
            codename__in=["view_unitcost", "add_unitcost", "change_unitcost"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_snapshots_and_unit_costs"), ("pathway", "0002_roles")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
