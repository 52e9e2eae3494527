from io import StringIO

from django.core.management import call_command

from pathway.choices import Role


def test_no_model_change_is_missing_a_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_roles_and_code_lists_are_loaded_by_migrations(db):
    from django.contrib.auth.models import Group

    from pathway.models import OutcomeArea, PresentingIssue, ReferralSource

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert ReferralSource.objects.count() == 22
    assert set(ReferralSource.objects.values_list("code", flat=True)) >= {
        "1A",
        "3E",
        "5D",
        "6",
        "10",
    }
    codes = set(PresentingIssue.objects.values_list("code", flat=True))
    assert {"1A", "1B", "1C", "3B", "8B", "8F", "18C", "19B", "20", "21", "22A", "24A"} <= codes
    assert "8A" not in codes and "7B" not in codes
    assert OutcomeArea.objects.count() == 10


def test_administrators_manage_users_and_reference_data_but_not_cases(db):
    from django.contrib.auth.models import Group

    admin = Group.objects.get(name="admin")
    codenames = set(admin.permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "change_locality", "change_referralsource"} <= codenames
    assert not {"view_case", "view_person", "view_family", "view_contact"} & codenames
