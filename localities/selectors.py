"""What locality leaders and managers read: the allocation queue and caseloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from localities.models import Locality, Team
from pathway import policy
from pathway.calendar import working_calendar_for
from pathway.choices import CASELOAD_STAGES, Stage
from pathway.models import Case, Contact, Membership, User
from pathway.selectors.families import household_prefetch


def allocation_queue(*, user: User, locality_id: int | None = None) -> QuerySet[Case]:
    """Cases awaiting allocation that this user may see: the soonest due first, then the oldest.

    Each carries what the leader needs to decide without opening it: the CAF due date,
    the number of contacts in the last year, and the latest contact's primary issue.
    """
    year_ago = timezone.now() - timedelta(days=365)
    contacts_in_year = (
        Contact.objects.filter(family_id=OuterRef("family_id"), received_at__gte=year_ago)
        .order_by()
        .values("family_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest_issue = (
        Contact.objects.filter(case_id=OuterRef("pk"))
        .order_by("-received_at")
        .values("primary_issue__label")[:1]
    )
    cases = (
        policy.cases_visible_to(user)
        .filter(stage=Stage.AWAITING_ALLOCATION)
        .select_related("family", "locality")
        .prefetch_related(household_prefetch("family"))
        .annotate(
            due_on=Min("recommendations__due_on", filter=Q(recommendations__status="open")),
            contacts_in_year=Subquery(contacts_in_year, output_field=IntegerField()),
            latest_issue=Subquery(latest_issue),
        )
    )
    if locality_id:
        cases = cases.filter(locality_id=locality_id)
    return cases.order_by("due_on", "opened_at", "pk")


@dataclass
class WorkerLoad:
    worker: User
    team: Team
    capacity: int | None
    open_cases: int = 0
    near_limit: int = 0
    past_limit: int = 0

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.open_cases >= self.capacity

    @property
    def percent_used(self) -> int | None:
        if not self.capacity:
            return None
        return round(100 * self.open_cases / self.capacity)


@dataclass
class TeamLoad:
    team: Team
    workers: list[WorkerLoad] = field(default_factory=list)

    @property
    def open_cases(self) -> int:
        return sum(w.open_cases for w in self.workers)

    @property
    def capacity(self) -> int:
        return sum(w.capacity or 0 for w in self.workers)

    @property
    def near_limit(self) -> int:
        return sum(w.near_limit for w in self.workers)

    @property
    def past_limit(self) -> int:
        return sum(w.past_limit for w in self.workers)


def visible_localities(*, user: User) -> QuerySet[Locality]:
    """The localities whose queue and caseloads this user sees (the policy decides)."""
    return policy.localities_visible_to(user)


def caseloads(*, localities: list[Locality], today: date | None = None) -> list[TeamLoad]:
    """Per team and per worker: open cases, CAFs near or past the 20-day limit, capacity.

    Four queries, whatever the number of workers or cases.
    """
    today = today or timezone.localdate()
    horizon = working_calendar_for(today).add_working_days(today, settings.REMINDER_WORKING_DAYS)
    memberships = (
        Membership.objects.active()
        .filter(team__locality__in=localities, user__is_active=True, team__is_active=True)
        .select_related("user", "team")
        .order_by("team__name", "user__last_name", "user__first_name")
    )
    open_cases = dict(
        Case.objects.filter(stage__in=CASELOAD_STAGES, lead_professional__isnull=False)
        .values_list("lead_professional_id")
        .annotate(n=Count("pk"))
    )

    # Open CAF recommendations per lead professional, read through the case (caf declares
    # the relation; localities does not import caf). One filter() call per count, so every
    # condition applies to the same recommendation.
    def open_cafs_per_lead(**due: date) -> dict[int, int]:
        conditions = {f"recommendations__due_on__{lookup}": day for lookup, day in due.items()}
        return dict(
            Case.objects.filter(
                lead_professional__isnull=False,
                recommendations__kind="caf",
                recommendations__status="open",
                **conditions,
            )
            .values_list("lead_professional_id")
            .annotate(n=Count("recommendations"))
        )

    near = open_cafs_per_lead(gte=today, lte=horizon)
    past = open_cafs_per_lead(lt=today)
    teams: dict[int, TeamLoad] = {}
    for membership in memberships:
        assert membership.team is not None
        load = WorkerLoad(
            worker=membership.user,
            team=membership.team,
            capacity=membership.capacity,
            open_cases=open_cases.get(membership.user_id, 0),
            near_limit=near.get(membership.user_id, 0),
            past_limit=past.get(membership.user_id, 0),
        )
        teams.setdefault(membership.team_id, TeamLoad(team=membership.team)).workers.append(load)  # type: ignore[arg-type]
    return list(teams.values())


def allocatable_teams(*, case: Case) -> QuerySet[Team]:
    if case.locality_id is None:
        return Team.objects.none()
    return Team.objects.filter(locality_id=case.locality_id, is_active=True).order_by("name")


def agency_lead_memberships(*, locality_id: int | None) -> QuerySet[Membership]:
    """Partner agencies' practitioners who hold cases (an agency membership with a
    capacity) and work in this locality or borough-wide: who may lead a CAF there."""
    return (
        Membership.objects.active()
        .filter(agency__isnull=False, capacity__isnull=False, agency__is_active=True)
        .filter(Q(locality__isnull=True) | Q(locality_id=locality_id))
    )


def allocatable_workers(*, case: Case) -> QuerySet[User]:
    """Who may be this case's lead professional: a member of one of its locality's teams,
    or a partner agency's practitioner who holds cases, whose role lets them lead."""
    if case.locality_id is None:
        return User.objects.none()
    memberships = Membership.objects.active().filter(team__locality_id=case.locality_id)
    agency = agency_lead_memberships(locality_id=case.locality_id)
    return (
        policy.users_who_may_lead_cases()
        .filter(Q(pk__in=memberships.values("user_id")) | Q(pk__in=agency.values("user_id")))
        .distinct()
        .order_by("last_name", "first_name")
    )


@dataclass
class WorkerGroup:
    """The lead professionals of one team, or of one partner agency, for the allocation
    page's grouped list (without JavaScript the groups show which team each worker is in;
    with it, the list shows the chosen team's workers and the partner agencies')."""

    label: str
    workers: list[User]
    team_id: int | None = None  # None: a partner agency's practitioners, any team


def allocation_worker_groups(*, case: Case) -> list[WorkerGroup]:
    """The workers allocatable_workers allows, grouped by team, then by partner agency.
    Three queries, whatever the number of teams and workers."""
    if case.locality_id is None:
        return []
    may_lead = set(allocatable_workers(case=case).values_list("pk", flat=True))
    groups: dict[tuple[str, int | None], WorkerGroup] = {}
    team_rows = (
        Membership.objects.active()
        .filter(team__locality_id=case.locality_id, team__is_active=True, user_id__in=may_lead)
        .select_related("user", "team")
        .order_by("team__name", "user__last_name", "user__first_name")
    )
    for row in team_rows:
        assert row.team is not None
        groups.setdefault(
            ("team", row.team_id),
            WorkerGroup(row.team.name, [], row.team_id),
        ).workers.append(row.user)
    agency_rows = (
        agency_lead_memberships(locality_id=case.locality_id)
        .filter(user_id__in=may_lead)
        .select_related("user", "agency")
        .order_by("agency__name", "user__last_name", "user__first_name")
    )
    for row in agency_rows:
        assert row.agency is not None
        groups.setdefault(
            ("agency", row.agency_id),
            WorkerGroup(f"{row.agency.name} (partner agency)", []),
        ).workers.append(row.user)
    return list(groups.values())
