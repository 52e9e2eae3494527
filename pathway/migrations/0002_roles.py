"""Create one group per role (DESIGN §7) and give system administrators their permissions.

Administrators manage users and reference data; no role is given permissions on case
records here: case access is decided by pathway.policy, never by model permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "contact_officer",
    "senior_practitioner",
    "locality_leader",
    "practitioner",
    "partner",
    "manager",
    "admin",
    "auditor",
]

ADMIN_PERMISSIONS = {
    "pathway": ["user", "membership", "referralsource", "presentingissue", "outcomearea"],
    "localities": ["locality", "postcodearea", "team", "agency", "school"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        Group.objects.get_or_create(name=role)

    admin = Group.objects.get(name="admin")
    for app_label, models in ADMIN_PERMISSIONS.items():
        admin.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            ).exclude(codename__startswith="delete_user")
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pathway", "0001_initial"),
        ("localities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
