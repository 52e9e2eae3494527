"""Families (households) and the people in them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import HouseholdRelationship, Sex
from pathway.matching import name_key
from pathway.validators import normalise_nhs_number, normalise_postcode, validate_nhs_number


class Family(models.Model):
    """A household. Its members come and go through dated household memberships."""

    address_line_1 = models.CharField(max_length=150, blank=True)
    address_line_2 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    # Domestic-abuse safety: never shown to partners, never exported, never printed.
    address_confidential = models.BooleanField(default=False)
    locality = models.ForeignKey(
        "localities.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="families",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    # Set by household_prefetch() or the first call of household_now().
    current_members: list[HouseholdMember]

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return f"{self.reference} {self.address_summary}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def reference(self) -> str:
        return f"F{self.pk:06d}" if self.pk else "F(new)"

    @property
    def address_summary(self) -> str:
        parts = [self.address_line_1, self.town, self.postcode]
        return ", ".join(p for p in parts if p)

    def household_now(self) -> list[HouseholdMember]:
        """The current household members, people joined: the ones a list prefetched onto
        `current_members` (pathway.selectors.families.household_prefetch), else one query."""
        members: list[HouseholdMember] | None = getattr(self, "current_members", None)
        if members is None:
            members = list(self.members.current().select_related("person"))
            self.current_members = members
        return members

    @property
    def surnames(self) -> list[str]:
        """The household's surnames, each once: parents and carers first, then children,
        then other adults, the eldest first within each."""
        names: dict[str, str] = {}
        for member in sorted(self.household_now(), key=_household_order):
            name = member.person.family_name.strip()
            if name:
                names.setdefault(name.casefold(), name)
        return list(names.values())

    def display_name(self, *, show_address: bool) -> str:
        """What people call the family: "Okonkwo-Brennan family, 14 Hollins Lane".

        `show_address` is the viewer's right to a confidential address
        (pathway.policy.can_see_confidential_address): without it a confidential
        address is left out, "Okonkwo-Brennan family (address withheld)".
        """
        surnames = self.surnames
        if len(surnames) > 3:
            surnames = [*surnames[:3], "others"]
        if surnames:
            joined = ", ".join(surnames[:-1]) + " and " if len(surnames) > 1 else ""
            name = f"{joined}{surnames[-1]} family"
        else:
            name = f"Family {self.reference}"
        if self.address_confidential and not show_address:
            return f"{name} (address withheld)"
        first_line = self.address_line_1.strip() or self.postcode
        return f"{name}, {first_line}" if first_line else name

    def children_now(self) -> list[Person]:
        """The children living in the household now, the eldest first, the unborn last."""
        children = [m.person for m in self.household_now() if m.relationship == "child"]

        def eldest_first(person: Person) -> tuple[int, date, int]:
            if person.date_of_birth is not None:
                return (0, person.date_of_birth, person.pk)
            return (1 if person.expected_date else 2, person.expected_date or date.max, person.pk)

        return sorted(children, key=eldest_first)


class Person(models.Model):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # Unknown for some adults; an unborn child has an expected date instead.
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.NOT_KNOWN)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    # Domestic-abuse safety: where this person lives must never reach partners or exports.
    address_confidential = models.BooleanField(default=False)
    # Phonetic keys (pathway.matching.name_key), kept in step with the names by save().
    given_name_key = models.CharField(max_length=20, blank=True, editable=False)
    family_name_key = models.CharField(max_length=20, blank=True, editable=False)
    # A duplicate merged into another record stays, pointing at the survivor, so the
    # merge can be undone and old references still resolve.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "people"
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["family_name_key", "given_name_key"]),
            models.Index(fields=["given_name_key"]),
            models.Index(fields=["date_of_birth"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~Q(nhs_number=""), name="unique_nhs_number"
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(expected_date__isnull=True),
                name="person_born_or_expected_not_both",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.nhs_number = normalise_nhs_number(self.nhs_number)
        self.set_name_keys()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def set_name_keys(self) -> None:
        self.given_name_key = name_key(self.given_name)
        self.family_name_key = name_key(self.family_name)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date is not None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def age_label(self, day: date) -> str:
        """The age as a heading says it: "7", "5 months", "unborn", "age not known"."""
        if self.is_unborn:
            return "unborn"
        years = self.age_on(day)
        if years is None:
            return "age not known"
        if years >= 1:
            return str(years)
        born = self.date_of_birth
        assert born is not None
        months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
        months = max(months, 0)
        return f"{months} month{'s' if months != 1 else ''}"


class PersonAlias(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", "Also known as"
        PREVIOUS = "previous", "Previous name"
        NICKNAME = "nickname", "Preferred or nickname"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    given_name_key = models.CharField(max_length=20, blank=True, editable=False)
    family_name_key = models.CharField(max_length=20, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "person aliases"
        indexes = [models.Index(fields=["family_name_key", "given_name_key"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.given_name_key = name_key(self.given_name)
        self.family_name_key = name_key(self.family_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


_RELATIONSHIP_ORDER = {
    HouseholdRelationship.PARENT_CARER: 0,
    HouseholdRelationship.CHILD: 1,
    HouseholdRelationship.OTHER_ADULT: 2,
}


def _household_order(member: HouseholdMember) -> tuple[int, bool, date, int]:
    born = member.person.date_of_birth
    return (
        _RELATIONSHIP_ORDER.get(member.relationship, 3),  # type: ignore[call-overload]
        born is None,
        born or date.min,
        member.person_id,
    )


class HouseholdMemberQuerySet(models.QuerySet["HouseholdMember"]):
    def current(self, on: date | None = None) -> HouseholdMemberQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gt=day))


class HouseholdMember(models.Model):
    """A person living in a family's household from one date until another."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    relationship = models.CharField(max_length=20, choices=HouseholdRelationship.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    objects = HouseholdMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["family", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                condition=Q(ended_on__isnull=True),
                name="one_current_membership_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.family.reference}"
