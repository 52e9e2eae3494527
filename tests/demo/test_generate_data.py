"""generate_data: synthetic volume for benchmarks, written in bulk but as the service would."""

from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from demo.management.commands.generate_data import ThinnedNhsNumbers, _plan_family
from demo.organisation import nhs_test_numbers, volume_names
from pathway.matching import name_key
from pathway.models import (
    Case,
    ChronologyEvent,
    Contact,
    ContactSubject,
    Family,
    HouseholdMember,
    Person,
    PersonAlias,
)
from pathway.validators import nhs_number_is_valid, normalise_postcode


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_data", *args, stdout=out)
    return out.getvalue()


def assert_consistent() -> None:
    families = Family.objects.count()
    people = Person.objects.count()
    contacts = Contact.objects.count()
    assert Case.objects.count() == families
    assert not Family.objects.annotate(n=Count("cases")).exclude(n=1).exists()
    assert HouseholdMember.objects.count() == people
    assert contacts >= families
    assert ContactSubject.objects.count() >= contacts
    assert not Contact.objects.annotate(n=Count("subject_links")).filter(n=0).exists()
    assert ChronologyEvent.objects.filter(action="case.opened").count() == families
    assert ChronologyEvent.objects.filter(action="contact.recorded").count() == contacts
    waiting = set(
        Contact.objects.filter(screened_at__isnull=True).values_list("case_id", flat=True)
    )
    assert set(Case.objects.filter(has_unscreened_contact=True).values_list("pk", flat=True)) == (
        waiting
    )

    for person in Person.objects.all():
        assert person.given_name_key and person.family_name_key
        assert person.given_name_key == name_key(person.given_name)
        assert person.family_name_key == name_key(person.family_name)
    for alias in PersonAlias.objects.all():
        assert alias.given_name_key == name_key(alias.given_name)
        assert alias.family_name_key == name_key(alias.family_name)

    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert len(numbers) > people / 2
    assert len(set(numbers)) == len(numbers)
    assert all(nhs_number_is_valid(n) and n.startswith("999") for n in numbers)

    for family in Family.objects.all():
        assert family.postcode == normalise_postcode(family.postcode)
        assert family.locality is not None
    assert not Contact.objects.filter(received_at__gt=timezone.now()).exists()


def test_generate_data_makes_consistent_families_and_adds_more_when_run_again(db, settings):
    settings.DEBUG = True
    output = generate("--families", "20", "--seed", "5", "--batch", "7")
    assert "Generated 20 families" in output
    assert Family.objects.count() == 20
    assert_consistent()
    first_people = Person.objects.count()

    output = generate("--families", "20", "--seed", "6")
    assert "Generated 20 families" in output
    assert Family.objects.count() == 40
    assert Person.objects.count() > first_people
    assert_consistent()


def test_when_the_nhs_test_range_is_short_numbers_are_thinned_evenly_and_never_repeat():
    # 1,000 numbers left in the range for about 3,400 people who would have one.
    taken = set()
    numbers = nhs_test_numbers()
    while len(taken) < 909_091 - 1000:
        taken.add(next(numbers))
    thinned = ThinnedNhsNumbers(taken=taken, wanted=3400, seed=1)
    assert 0.28 < thinned.keep < 0.29  # 0.97 x 1,000 / 3,400
    drawn = [next(thinned) for _ in range(3400)]
    given = [n for n in drawn if n]
    assert 800 < len(given) <= 1000
    assert len(set(given)) == len(given) and not set(given) & taken
    # Given out along the way, not all at the start: the last quarter gets its share.
    assert sum(1 for n in drawn[-850:] if n) > 150
    # Once the range is empty everyone else gets none, and nothing fails.
    more = [n for n in (next(thinned) for _ in range(10_000)) if n]
    assert len(given) + len(more) == 1000
    assert [next(thinned) for _ in range(3)] == ["", "", ""]


def test_a_big_range_gives_every_draw_a_number():
    thinned = ThinnedNhsNumbers(taken=set(), wanted=100, seed=1)
    assert thinned.keep == 1
    assert all(next(thinned) for _ in range(100))


def test_generate_data_refuses_to_run_in_production(db, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("ALLOW_DEMO_DATA", raising=False)
    with pytest.raises(CommandError, match="DEBUG=true"):
        generate("--families", "1")
    assert not Family.objects.exists()


def test_the_same_seed_plans_the_same_families():
    names, now = volume_names(), timezone.now()
    today = timezone.localdate(now)

    def plans(seed: int) -> list[object]:
        rng, numbers = random.Random(seed), nhs_test_numbers()
        return [_plan_family(rng, today, now, names, numbers) for _ in range(50)]

    assert plans(3) == plans(3)
    assert plans(3) != plans(4)


def test_histories_are_mostly_short_with_a_few_long_ones():
    names, now = volume_names(), timezone.now()
    today = timezone.localdate(now)
    rng, numbers = random.Random(2026), nhs_test_numbers()
    plans = [_plan_family(rng, today, now, names, numbers) for _ in range(1500)]
    lengths = [len(p.contacts) for p in plans]
    assert lengths.count(1) > len(plans) / 2
    assert 5 <= sum(n >= 30 for n in lengths) <= 30
    for plan in plans:
        received = [c.received_at for c in plan.contacts]
        assert received == sorted(received) and received[-1] <= now
        assert received[0] >= now - timedelta(days=6 * 365 + 2)
        assert all(c.children for c in plan.contacts)
