"""System administrators set the retention schedule and legal holds."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["retentionrule", "legalhold"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="governance", content_type__model__in=MODELS
        ).exclude(codename__startswith="delete_")
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_retention"), ("pathway", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
