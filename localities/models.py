"""How the council is organised: localities, teams, partner agencies and schools.

The number of localities is data: Stockport has 3, Leeds runs 25 clusters.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import LevelOfNeed


class Locality(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A postcode prefix a locality serves: an area ("SK"), district ("SK4") or sector ("SK4 2").

    The longest matching prefix wins, so a sector can carve an exception out of a district.
    """

    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="postcode_areas")
    prefix = models.CharField(max_length=8, unique=True)

    class Meta:
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} → {self.locality}"


class Team(models.Model):
    class Kind(models.TextChoices):
        LOCALITY = "locality", "Locality team"
        SPECIALIST = "specialist", "Borough-wide specialist team"
        CONTACT_CENTRE = "contact_centre", "Contact centre"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LOCALITY)
    # Borough-wide teams (youth offending, drug and alcohol) belong to no locality.
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A partner agency or service, with its tier on the continuum of need."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH_VISITING = "health_visiting", "Health visiting"
        SCHOOL_NURSING = "school_nursing", "School nursing"
        MIDWIFERY = "midwifery", "Midwifery"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
        SUBSTANCE_MISUSE = "substance_misuse", "Drug and alcohol service"
        COUNSELLING = "counselling", "Counselling"
        EDUCATION = "education", "Schools and education"
        CHILDRENS_CENTRE = "childrens_centre", "Children's centre"
        YOUTH = "youth", "Youth service"
        PARENTING = "parenting", "Parenting support"
        SOCIAL_CARE = "social_care", "Children's social care"
        OTHER = "other", "Other"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    tier = models.CharField(max_length=20, choices=LevelOfNeed.choices)
    # Universal services can be offered to a family by a universal recommendation.
    offers_universal_service = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(max_length=150)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="schools")
    # "Team around the school": the named early-help link worker.
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_schools",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Who holds a case, from when, and why: every allocation, reallocation and transfer."""

    class Kind(models.TextChoices):
        ALLOCATE = "allocate", "Allocated"
        REALLOCATE = "reallocate", "Reallocated"
        TRANSFER = "transfer", "Transferred to another locality"

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-allocated_at", "-pk"]
        indexes = [models.Index(fields=["case", "allocated_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.case} to {self.team or self.locality}"
