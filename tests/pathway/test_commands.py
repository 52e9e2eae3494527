from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from localities.models import Agency, Locality, Team
from pathway.models import Case, Contact, Family, Person, User


@pytest.fixture
def organisation(db):
    locality = Locality.objects.create(code="central", name="Central")
    Team.objects.create(code="central-early-help", name="Central Early Help", locality=locality)
    Agency.objects.create(code="gmp", name="Police", kind="police", tier="specialist")


def add_user(*args: str, stdin: str = "A-long-enough-passphrase-42\n", **env: str) -> str:
    out = io.StringIO()
    original = io.StringIO(stdin)
    import sys

    saved, sys.stdin = sys.stdin, original
    try:
        call_command("add_user", *args, stdout=out)
    finally:
        sys.stdin = saved
    return out.getvalue()


def test_add_user_with_a_locality_reads_the_password_from_stdin(organisation):
    output = add_user("lee.leader", "--role", "locality_leader", "--locality", "central")
    assert "Created lee.leader" in output
    user = User.objects.get(username="lee.leader")
    assert user.check_password("A-long-enough-passphrase-42")
    assert user.has_role("locality_leader")
    assert user.memberships.get().locality.code == "central"
    assert not user.is_staff


def test_add_user_reads_the_password_from_a_named_variable(organisation, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "Another-long-passphrase-7")
    add_user(
        "pat.partner",
        "--role",
        "partner",
        "--agency",
        "gmp",
        "--password-env",
        "NEW_PASSWORD",
        stdin="",
    )
    user = User.objects.get(username="pat.partner")
    assert user.check_password("Another-long-passphrase-7")
    assert user.memberships.get().agency.code == "gmp"


def test_admins_can_use_the_administration_site(organisation):
    add_user("ada", "--role", "admin")
    assert User.objects.get(username="ada").is_staff


@pytest.mark.parametrize(
    "args, message",
    [
        (["x", "--role", "locality_leader"], "must belong to a locality"),
        (
            ["x", "--role", "practitioner", "--locality", "nowhere"],
            "No locality with code 'nowhere'",
        ),
        (["x", "--role", "partner"], "must belong to an agency"),
        (["x", "--role", "manager", "--team", "nope"], "No team with code 'nope'"),
    ],
)
def test_add_user_explains_what_is_wrong(organisation, args, message):
    with pytest.raises(CommandError, match=message):
        add_user(*args)
    assert not User.objects.filter(username="x").exists()


def test_add_user_rejects_a_weak_password_and_a_taken_username(organisation):
    with pytest.raises(CommandError, match="password"):
        add_user("weak", "--role", "manager", stdin="short\n")
    add_user("taken", "--role", "manager")
    with pytest.raises(CommandError, match="already exists"):
        add_user("TAKEN", "--role", "manager")


def test_add_user_rejects_an_unknown_role(organisation):
    with pytest.raises(CommandError):
        add_user("x", "--role", "superhero")


def test_seed_demo_creates_everything_once(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--families", "12", "--seed", "7", stdout=out)
    assert "contact.officer" in out.getvalue()
    assert "Pathway-demo-2026" in out.getvalue()
    counts = (
        User.objects.count(),
        Family.objects.count(),
        Person.objects.count(),
        Case.objects.count(),
        Contact.objects.count(),
        Locality.objects.count(),
        Team.objects.count(),
        Agency.objects.count(),
    )
    assert counts[1] == 12 + 4 and counts[5] == 3  # 4 more arrive "today", to fill the queues
    stages = set(Case.objects.values_list("stage", flat=True))
    assert {"contact", "universal_offer"} <= stages
    assert len(stages) >= 4, stages
    assert User.objects.get(username="contact.officer").check_password("Pathway-demo-2026")
    call_command("seed_demo", "--families", "12", stdout=io.StringIO())
    assert counts == (
        User.objects.count(),
        Family.objects.count(),
        Person.objects.count(),
        Case.objects.count(),
        Contact.objects.count(),
        Locality.objects.count(),
        Team.objects.count(),
        Agency.objects.count(),
    )


def test_seed_demo_refuses_to_run_in_production(db, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("ALLOW_DEMO_DATA", raising=False)
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=io.StringIO())
