"""System administrators edit the screening tool and the council's closure days."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {
    "screening": ["screeningtool", "screeningdomain", "screeningquestion", "screeningoption"],
    "pathway": ["localclosureday"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="admin")
    for app_label, models in MODELS.items():
        admin.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0002_default_tool"),
        ("pathway", "0004_front_door"),
        ("pathway", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
