"""Factories for how the council is organised, and for cases allocated to a team."""

from __future__ import annotations

from typing import Any

import factory

from localities.models import Agency, Allocation, Locality, PostcodeArea, School, Team
from pathway.choices import LevelOfNeed, Role, Stage
from pathway.models import Case, Membership, User
from tests.pathway.factories import CaseFactory, MembershipFactory, UserFactory

# The stages at which a locality team holds the case (its lead professional's caseload).
HELD_STAGES = frozenset({Stage.ALLOCATED, Stage.TAC})


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"locality-{n}")
    name = factory.Sequence(lambda n: f"Locality {n}")


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea

    locality = factory.SubFactory(LocalityFactory)
    prefix = factory.Sequence(lambda n: f"SK{n + 1}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    locality = factory.SubFactory(LocalityFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.HEALTH_VISITING
    tier = LevelOfNeed.UNIVERSAL


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"School {n}")
    locality = factory.SubFactory(LocalityFactory)


def team_of(worker: User, locality: Locality | None) -> Team | None:
    """The team in `locality` the worker is an active member of, if any."""
    membership = (
        Membership.objects.active()
        .filter(user=worker, team__isnull=False, team__locality=locality)
        .select_related("team")
        .order_by("pk")
        .first()
    )
    return membership.team if membership else None


def practitioner_in(team: Team) -> User:
    """A new practitioner in the team, with room on their caseload."""
    worker = UserFactory(role=Role.PRACTITIONER)
    MembershipFactory(user=worker, team=team, capacity=10)
    return worker


def leader_of(locality: Locality | None) -> User:
    """The locality's leader (the first, if it has several); a new one if it has none."""
    membership = (
        Membership.objects.active()
        .filter(locality=locality, user__is_active=True, user__groups__name=Role.LOCALITY_LEADER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.user
    leader = UserFactory(role=Role.LOCALITY_LEADER)
    if locality is not None:
        MembershipFactory(user=leader, locality=locality)
    return leader


class AllocationFactory(factory.django.DjangoModelFactory):
    """The allocation row of an allocated case, as localities.services.case_allocate writes it:
    to the case's locality, team and lead professional, by the locality's leader."""

    class Meta:
        model = Allocation

    case = factory.SubFactory("tests.localities.factories.AllocatedCaseFactory", allocation=None)
    kind = Allocation.Kind.ALLOCATE
    locality = factory.SelfAttribute("case.locality")
    team = factory.SelfAttribute("case.team")
    worker = factory.SelfAttribute("case.lead_professional")
    allocated_by = factory.LazyAttribute(lambda o: leader_of(o.locality))


class AllocatedCaseFactory(CaseFactory):
    """A case allocated to a team in its locality and a lead professional in that team.

    As case_allocate leaves it, two transitions on from the contact (recommend_caf, then
    allocate), with its Allocation row. A lead professional you pass keeps the team they
    work in in that locality; one not given is a new practitioner in the team (a new team
    in the locality if none is given). Users you pass are never changed: give a worker a
    team membership first, or pass `team`, for the two to agree.

    The open CAF recommendation the case carries is caf's row, and is not made here: add
    one with tests.caf.factories.RecommendationFactory(case=case). (The 20-day tests
    make their own, with fixed dates, and count them.)

    Built at another stage (`stage="awaiting_allocation"`), the case is left unallocated:
    no team, lead professional or allocation.
    """

    stage = Stage.ALLOCATED
    version = 3
    level_of_need = LevelOfNeed.TARGETED

    allocation = factory.Maybe(
        factory.LazyAttribute(lambda o: o.stage in HELD_STAGES),
        factory.RelatedFactory(AllocationFactory, factory_related_name="case"),
    )

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        if kwargs.get("stage") in HELD_STAGES:
            locality = kwargs.get("locality")
            team, worker = kwargs.get("team"), kwargs.get("lead_professional")
            if team is None:
                team = (team_of(worker, locality) if worker else None) or TeamFactory(
                    locality=locality
                )
            if worker is None:
                worker = practitioner_in(team)
            kwargs.update(team=team, lead_professional=worker)
        return super()._create(model_class, *args, **kwargs)
