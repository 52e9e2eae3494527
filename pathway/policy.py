"""The one access policy (DESIGN §7).

Every page, API endpoint, export and search asks this module which cases a user may
list, open or change. The same Q object answers the list question and the object
question, so the two can never disagree. Anything not granted here is denied.

What a refusal answers, at every case-scoped URL (pages and API: /cases/<id>/...,
contacts, screenings, recommendations, step-ups, the TAC pages):

1. A case the user may not see answers 404, worded exactly as for a case that does not
   exist, whatever the user's role and whether or not that role could ever take the
   action. So every door looks the record up through a `get_visible_*_or_404` helper
   (or `case_get_for_view`) *before* it asks any role question: a role check that comes
   first would answer 403 and tell a stranger the record exists.
2. A case the user may see, but not act on (the role, or the case outside the user's
   change scope): 403 in the API, the "not allowed" page in the browser.
3. An action the user may take, but not from the case's stage, or on a case that changed
   since the user saw it: 409 in the API, a message on the case page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from pathway.actors import SystemActor
from pathway.choices import ENDED_STAGES, FRONT_DOOR_STAGES, Role, Stage
from pathway.models import (
    Case,
    ChronologyEvent,
    Contact,
    ContactDraft,
    Family,
    HouseholdMember,
    Membership,
    Person,
    RecordRestriction,
    Share,
    User,
)
from pathway.workflow import ACTIONS, Action

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_NOTHING = Q(pk__in=[])

# Stages the front door also sees, beyond its own: cases it has just passed to a
# locality, and cases stepped up to social care (senior practitioners own step-up).
_SENIOR_EXTRA_STAGES = frozenset({Stage.AWAITING_ALLOCATION, Stage.STEPPED_UP})


def _senior_extra() -> Q:
    """Beyond the front door: just passed on, stepped up, or closed at the front door
    (never allocated), which a senior practitioner may review and reopen."""
    return Q(stage__in=[s.value for s in _SENIOR_EXTRA_STAGES]) | Q(
        stage=Stage.CLOSED, team__isnull=True
    )


def _front_door() -> Q:
    """Cases at a front-door stage, or with a contact still waiting to be screened
    (a repeat contact joins an open case wherever it is, and the front door screens it).

    "A contact waiting" is read from the case's own `has_unscreened_contact` column, not
    an EXISTS over contacts: two column tests that the stage index and a partial index
    serve (docs/adr/0019). The services that record and screen contacts keep the column
    (pathway.services.cases.case_awaiting_screening_refresh)."""
    return Q(stage__in=[s.value for s in FRONT_DOOR_STAGES]) | Q(has_unscreened_contact=True)


def _recent_front_door_work(user: User) -> Q:
    """Cases this officer recorded a contact on or screened within the last
    FRONT_DOOR_FOLLOW_UP_DAYS days (docs/adr/0011): read-only, so they can answer the
    family's or referrer's call back after the case has moved on to a locality."""
    since = timezone.now() - timedelta(days=settings.FRONT_DOOR_FOLLOW_UP_DAYS)
    recorded = Contact.objects.filter(recorded_by=user, recorded_at__gte=since)
    screening_model: Any = Case._meta.get_field("screenings").related_model
    screened = screening_model._default_manager.filter(screened_by=user, screened_at__gte=since)
    return Q(_PkAmong(Subquery(recorded.order_by().values("case_id")))) | Q(
        _PkAmong(Subquery(screened.order_by().values("case_id")))
    )


class _PkAmong(Func):
    """`pk = ANY(ARRAY(subquery))` on PostgreSQL, `pk IN (subquery)` elsewhere.

    The subquery runs once, and the primary key's index serves the test, so PostgreSQL
    can OR it with the other parts of a scope (a BitmapOr of index scans) instead of
    scanning every case to run an EXISTS for each (docs/adr/0019)."""

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, subquery: Subquery) -> None:
        super().__init__(F("pk"), subquery)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)", **extra
        )


def _in_localities(user: User) -> Q:
    if not user.locality_ids:
        return _NOTHING
    return Q(locality_id__in=sorted(user.locality_ids))


def _shared_with_my_agency(user: User) -> Q:
    """Cases with a live share (not revoked, not past its end date) to an agency this
    partner works for. Asked afresh on every request, so a revocation or an expiry takes
    effect on the partner's very next request (docs/adr/0013)."""
    if not user.agency_ids:
        return _NOTHING
    live = Share.objects.live().filter(case=OuterRef("pk"), agency_id__in=sorted(user.agency_ids))
    return Q(Exists(live))


def _staff_view_scope(user: User) -> Q:
    """The council's own staff's view: the whole record, internals included."""
    scope = _NOTHING
    if user.has_role(Role.MANAGER):
        return Q()
    if user.has_role(Role.CONTACT_OFFICER):
        scope |= _front_door() | _recent_front_door_work(user)
    if user.has_role(Role.SENIOR_PRACTITIONER):
        scope |= _front_door() | _senior_extra() | _recent_front_door_work(user)
    if user.has_role(Role.LOCALITY_LEADER, Role.PRACTITIONER):
        scope |= _in_localities(user)
    return scope


def _view_scope(user: User) -> Q:
    """Staff's view, and a partner's: the cases shared with their agency."""
    scope = _staff_view_scope(user)
    if scope == Q():  # everything (a manager); Q() | x would narrow it to x
        return scope
    if user.has_role(Role.PARTNER):
        scope |= _shared_with_my_agency(user)
    return scope


def _change_scope(user: User) -> Q:
    scope = _NOTHING
    if user.has_role(Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER):
        scope |= _front_door()
    if user.has_role(Role.SENIOR_PRACTITIONER):
        scope |= _senior_extra()
    if user.has_role(Role.LOCALITY_LEADER, Role.PRACTITIONER):
        scope |= _in_localities(user)
    return scope


def _is_staff_user(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


# --- Restricted records (docs/adr/0018) ---------------------------------------------------
# A restricted family or person is hidden from everyone not named on the restriction: the
# family, its members, its cases and everything on them. Each rule below is a Q added to
# the list queryset, so listing and opening agree; a refused open also tells the
# information-governance auditors (RestrictedRecord404, pathway.middleware).


class RestrictedRecord404(Http404):
    """A 404 for a record that exists but is restricted and the user is not named on it:
    answered exactly like any other 404, and logged and reported after the response."""

    def __init__(self, kind: str, pk: int) -> None:
        super().__init__(f"No {kind} found")
        self.kind = kind
        self.pk = pk


def _blocked(user: User | AnonymousUser) -> QuerySet[RecordRestriction]:
    return RecordRestriction.objects.active().exclude(allowed_users__id=user.pk or 0)


def _restricted_families(user: User | AnonymousUser) -> QuerySet[Any]:
    return _blocked(user).filter(family__isnull=False).values("family_id")


def _restricted_people(user: User | AnonymousUser) -> QuerySet[Any]:
    return _blocked(user).filter(person__isnull=False).values("person_id")


def _case_restricted(user: User | AnonymousUser) -> Q:
    """Cases of a restricted family, or of a family a restricted person has lived in."""
    member = HouseholdMember.objects.filter(
        family_id=OuterRef("family_id"), person_id__in=_restricted_people(user)
    )
    return Q(family_id__in=_restricted_families(user)) | Q(Exists(member))


def _family_restricted(user: User | AnonymousUser) -> Q:
    member = HouseholdMember.objects.filter(
        family_id=OuterRef("pk"), person_id__in=_restricted_people(user)
    )
    return Q(pk__in=_restricted_families(user)) | Q(Exists(member))


def _person_restricted(user: User | AnonymousUser) -> Q:
    """A restricted person, or anyone who has lived in a restricted family."""
    member = HouseholdMember.objects.filter(
        person_id=OuterRef("pk"), family_id__in=_restricted_families(user)
    )
    return Q(pk__in=_restricted_people(user)) | Q(Exists(member))


def can_restrict_records(user: User | AnonymousUser) -> bool:
    """Senior practitioners restrict (and lift restrictions on) people and families."""
    return _is_staff_user(user) and user.has_role(Role.SENIOR_PRACTITIONER)  # type: ignore[union-attr]


def can_list_restrictions(user: User | AnonymousUser) -> bool:
    """Who sees the list of restrictions: those who set them, and the auditors."""
    return can_restrict_records(user) or can_read_access_log(user)


def _refuse_if_restricted(user: User | AnonymousUser, kind: str, pk: int | str) -> None:
    """Called when a lookup found nothing: if the record exists but is restricted from
    this user, raise the 404 that is reported; otherwise return (an ordinary 404)."""
    try:
        number = int(pk)
    except (ValueError, TypeError):
        return
    model: Any = {"case": Case, "person": Person, "family": Family}[kind]
    rule = {"case": _case_restricted, "person": _person_restricted, "family": _family_restricted}
    if model.objects.filter(rule[kind](user), pk=number).exists():
        raise RestrictedRecord404(kind, number)


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[Case]:
    """Every case this user may list or open. Empty for anyone not granted a scope; never
    a restricted family's case unless the user is named on the restriction."""
    if not _is_staff_user(user):
        return Case.objects.none()
    scope = _view_scope(user)  # type: ignore[arg-type]
    if scope == _NOTHING:
        return Case.objects.none()
    return Case.objects.filter(scope).exclude(_case_restricted(user))


def cases_changeable_by(user: User | AnonymousUser) -> QuerySet[Case]:
    """Every case this user may act on (record, decide, allocate, close)."""
    if not _is_staff_user(user):
        return Case.objects.none()
    scope = _change_scope(user)  # type: ignore[arg-type]
    if scope == _NOTHING:
        return Case.objects.none()
    return Case.objects.filter(scope).exclude(_case_restricted(user))


def cases_visible_in_full_to(user: User | AnonymousUser) -> QuerySet[Case]:
    """The cases whose internal records (contacts, screenings, step-ups, the TAC plan)
    this user may open: the staff view alone. A partner sees a shared case only through
    the partner view (sees_partner_view), never its internals."""
    if not _is_staff_user(user):
        return Case.objects.none()
    scope = _staff_view_scope(user)  # type: ignore[arg-type]
    if scope == _NOTHING:
        return Case.objects.none()
    return Case.objects.filter(scope).exclude(_case_restricted(user))


def can_view_case(user: User | AnonymousUser, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def can_change_case(user: User | AnonymousUser, case: Case) -> bool:
    return cases_changeable_by(user).filter(pk=case.pk).exists()


def get_visible_case_or_404(user: User | AnonymousUser, pk: int | str) -> Case:
    """The case, if this user may see it; otherwise 404, whether or not it exists."""
    try:
        return cases_visible_to(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        _refuse_if_restricted(user, "case", pk)
        raise Http404("No case found") from None


# --- Capabilities that are not about one case ------------------------------------------

FRONT_DOOR_ROLES = (Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER)
SEARCH_ROLES = (*FRONT_DOOR_ROLES, Role.LOCALITY_LEADER, Role.PRACTITIONER, Role.MANAGER)
# Roles that work with case records at all (lists, search, the case page).
CASE_ROLES = SEARCH_ROLES
# Roles whose work needs a confidential address (visits, safety planning, identity checks).
CONFIDENTIAL_ADDRESS_ROLES = (*FRONT_DOOR_ROLES, Role.LOCALITY_LEADER, Role.PRACTITIONER)


def can_record_contacts(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(*FRONT_DOOR_ROLES)  # type: ignore[union-attr]


def can_search_people(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(*SEARCH_ROLES)  # type: ignore[union-attr]


def can_merge_people(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(Role.SENIOR_PRACTITIONER)  # type: ignore[union-attr]


def can_see_confidential_address(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(*CONFIDENTIAL_ADDRESS_ROLES)  # type: ignore[union-attr]


def people_visible_to(user: User | AnonymousUser) -> QuerySet[Person]:
    """People this user may find in a search or open.

    The front door and managers may find anyone (the front door must search before it
    creates); locality staff find the people in families whose cases they can see.
    """
    if not can_search_people(user):
        return Person.objects.none()
    if user.has_role(*FRONT_DOOR_ROLES, Role.MANAGER):  # type: ignore[union-attr]
        return Person.objects.exclude(_person_restricted(user))
    families = cases_visible_to(user).values("family_id")
    return (
        Person.objects.filter(households__family_id__in=families)
        .exclude(_person_restricted(user))
        .distinct()
    )


def families_visible_to(user: User | AnonymousUser) -> QuerySet[Family]:
    """Families this user may find: the front door and managers any, locality staff the
    families of cases they can see (the same rule as for people)."""
    if not can_search_people(user):
        return Family.objects.none()
    if user.has_role(*FRONT_DOOR_ROLES, Role.MANAGER):  # type: ignore[union-attr]
        return Family.objects.exclude(_family_restricted(user))
    return Family.objects.filter(pk__in=cases_visible_to(user).values("family_id"))


def get_visible_person_or_404(user: User | AnonymousUser, pk: int | str) -> Person:
    try:
        return people_visible_to(user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        _refuse_if_restricted(user, "person", pk)
        raise Http404("No person found") from None


def contacts_visible_to(user: User | AnonymousUser) -> QuerySet[Contact]:
    """Contacts are the front door's records (the referrer, the caller's words): the staff
    view only, never a partner's."""
    return Contact.objects.filter(case__in=cases_visible_in_full_to(user))


def get_own_draft_or_404(user: User | AnonymousUser, pk: int | str) -> ContactDraft:
    """A contact draft is its owner's alone, and only until it is submitted."""
    if not can_record_contacts(user):
        raise Http404("No draft found")
    try:
        return ContactDraft.objects.get(pk=pk, owner_id=user.pk, submitted_contact__isnull=True)
    except (ContactDraft.DoesNotExist, ValueError, TypeError):
        raise Http404("No draft found") from None


# --- Who may do what to a case -----------------------------------------------------------
# The roles come from the workflow table (pathway.workflow.ACTIONS); an action needs one
# of them AND the case in the user's change scope. Children's social care practitioners
# (partners of a social-care agency) may also step a family down and record social
# care's answer to a step-up, on any case that has been stepped up.
SOCIAL_CARE_VERBS = frozenset({"step_down", "record_step_up_outcome"})


def _is_social_care(user: User | AnonymousUser) -> bool:
    return (
        _is_staff_user(user)
        and user.has_role(Role.PARTNER)  # type: ignore[union-attr]
        and any(
            m.agency and m.agency.kind == "social_care"
            for m in user.active_memberships  # type: ignore[union-attr]
        )
    )


def _may_take(user: User | AnonymousUser, verb: str) -> bool:
    """The role half of the rule: the user holds a role the table names for `verb`."""
    action = ACTIONS.get(verb)
    if action is None or not _is_staff_user(user):
        return False
    if user.has_role(*action.roles):  # type: ignore[union-attr]
        return True
    return verb in SOCIAL_CARE_VERBS and _is_social_care(user)


def _in_scope(user: User | AnonymousUser, case: Case, verb: str) -> bool:
    if user.has_role(*ACTIONS[verb].roles):  # type: ignore[union-attr]
        return can_change_case(user, case)
    # Social care's own verbs: any case that has been stepped up.
    return Case.objects.filter(pk=case.pk, step_ups__isnull=False).exists()


def can_act(user: User | AnonymousUser | SystemActor, case: Case, verb: str) -> bool:
    """May this user take action `verb` on this case (whatever its stage)?

    Services ask this for their actor inside the case lock; pages and the API ask it to
    decide what to offer. Unknown verbs are refused. A system actor (a command or task)
    may take exactly the verbs it names.
    """
    if isinstance(user, SystemActor):
        return verb in ACTIONS and verb in user.may
    return _may_take(user, verb) and _in_scope(user, case, verb)


def can_act_on_cases(user: User | AnonymousUser, verb: str, case_ids: Iterable[int]) -> set[int]:
    """The ids among `case_ids` of the cases on which this user may take `verb`: can_act
    for a whole list at once (a queue offering an action per row), in one query."""
    ids = sorted(set(case_ids))
    if not ids or not _may_take(user, verb):
        return set()
    if user.has_role(*ACTIONS[verb].roles):  # type: ignore[union-attr]
        cases = cases_changeable_by(user)
    else:  # social care's own verbs, as _in_scope
        cases = Case.objects.filter(step_ups__isnull=False)
    return set(cases.filter(pk__in=ids).values_list("pk", flat=True))


def permitted_actions(user: User | AnonymousUser, case: Case) -> list[Action]:
    """The actions of the table this user may take on this case at its current stage,
    in the table's order. Costs at most two queries, whatever the number of actions."""
    candidates = [
        a for a in ACTIONS.values() if case.stage in a.sources and _may_take(user, a.verb)
    ]
    if not candidates:
        return []
    in_scope: dict[bool, bool] = {}  # by "through a role of the table": scope answer
    permitted = []
    for action in candidates:
        by_role = user.has_role(*action.roles)  # type: ignore[union-attr]
        if by_role not in in_scope:
            in_scope[by_role] = _in_scope(user, case, action.verb)
        if in_scope[by_role]:
            permitted.append(action)
    return permitted


def can_sign_off(user: User | AnonymousUser) -> bool:
    """The senior practitioner's sign-off queue (sign-off and return of screenings)."""
    return _may_take(user, "sign_off")


def can_step_down(user: User | AnonymousUser) -> bool:
    """Senior practitioners, locality leaders, and practitioners of children's social care."""
    return _may_take(user, "step_down")


def can_record_step_up_outcome(user: User | AnonymousUser) -> bool:
    return _may_take(user, "record_step_up_outcome")


def can_follow_up_offers(user: User | AnonymousUser) -> bool:
    """The list of universal offers waiting to be followed up with the family."""
    return _may_take(user, "follow_up")


# --- Questions that are not about one case: queues, sections, tools ----------------------


def can_use_allocation_queue(user: User | AnonymousUser) -> bool:
    """Leaders allocate from it; managers and senior practitioners watch it."""
    return _is_staff_user(user) and user.has_role(  # type: ignore[union-attr]
        Role.LOCALITY_LEADER, Role.MANAGER, Role.SENIOR_PRACTITIONER
    )


def can_view_caseloads(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(Role.LOCALITY_LEADER, Role.MANAGER)  # type: ignore[union-attr]


def sees_every_locality(user: User | AnonymousUser) -> bool:
    """Whether the locality lists (queue, caseloads) show every locality or only the
    user's own: managers and senior practitioners work across the borough."""
    return _is_staff_user(user) and user.has_role(Role.MANAGER, Role.SENIOR_PRACTITIONER)  # type: ignore[union-attr]


def can_change_family_locality(user: User | AnonymousUser, family: Family) -> bool:
    """Correcting the locality suggested from a family's postcode: the front door or the
    locality leader, for a family with an open case the user may change."""
    return (
        _is_staff_user(user)
        and user.has_role(Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER)  # type: ignore[union-attr]
        and cases_changeable_by(user).filter(family=family).exclude(stage__in=ENDED_STAGES).exists()
    )


def can_view_history(user: User | AnonymousUser) -> bool:
    """The change history of a case, person or family the user may open: the roles that
    work with case records (the record itself is still looked up through the policy)."""
    return _is_staff_user(user) and user.has_role(*CASE_ROLES)  # type: ignore[union-attr]


def can_list_cases(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(*CASE_ROLES)  # type: ignore[union-attr]


def can_read_access_log(user: User | AnonymousUser) -> bool:
    """Information-governance auditors only (DESIGN §7)."""
    return _is_staff_user(user) and user.has_role(Role.AUDITOR)  # type: ignore[union-attr]


def information_governance_auditors() -> list[int]:
    """Who is told of unusual access and of refused attempts on restricted records."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.AUDITOR)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def get_person_for_audit_or_404(user: User | AnonymousUser, pk: int | str) -> Person:
    """Any person, for an auditor asking who has looked at their record; 404 for anyone else
    (and for a person who does not exist)."""
    if not can_read_access_log(user):
        raise Http404("No person found")
    try:
        return Person.objects.get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No person found") from None


def can_run_subject_access(user: User | AnonymousUser) -> bool:
    """Subject access requests: information-governance roles only (DESIGN §8)."""
    return _is_staff_user(user) and user.has_role(Role.AUDITOR)  # type: ignore[union-attr]


def get_person_for_subject_access_or_404(user: User | AnonymousUser, pk: int | str) -> Person:
    """Any person, for a subject access request by information governance; 404 for anyone
    else, exactly as for a person who does not exist."""
    if not can_run_subject_access(user):
        raise Http404("No person found")
    try:
        return Person.objects.get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No person found") from None


def can_view_retention_report(user: User | AnonymousUser) -> bool:
    """The retention schedule's dry run: administrators (who set the schedule and legal
    holds) and information-governance auditors."""
    return can_administer(user) or can_read_access_log(user)


def can_administer(user: User | AnonymousUser) -> bool:
    """Users and reference data, in the administration site; no case records."""
    return _is_staff_user(user) and user.has_role(Role.ADMIN)  # type: ignore[union-attr]


def is_partner(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(Role.PARTNER)  # type: ignore[union-attr]


def can_read_api_docs(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and not user.has_role(Role.PARTNER)  # type: ignore[union-attr]


# --- Performance reports (DESIGN §6) -------------------------------------------------------
# Managers (and performance analysts) read every report and may drill down to the cases
# behind a figure anywhere. Locality leaders read the reports too, for any locality or the
# whole borough (they compare their locality with the others), but drill down only within
# their own locality, where they may see the cases anyway. Whoever may not drill down sees
# the aggregate only, with numbers under 5 suppressed (reporting.selectors). Nobody else
# reads reports: a refusal is 403 (a report is not a record whose existence could leak).
REPORT_ROLES = (Role.MANAGER, Role.LOCALITY_LEADER)


def can_read_reports(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(*REPORT_ROLES)  # type: ignore[union-attr]


def can_drill_down_report(user: User | AnonymousUser, locality_id: int | None) -> bool:
    """May this user see the cases behind a figure of the report for `locality_id`
    (None: the whole borough)? The cases shown are still only those cases_visible_to."""
    if not can_read_reports(user):
        return False
    if user.has_role(Role.MANAGER):  # type: ignore[union-attr]
        return True
    return locality_id is not None and locality_id in user.locality_ids  # type: ignore[union-attr]


def can_rebuild_reports(user: User | AnonymousUser) -> bool:
    """Asking Celery to rebuild stored report snapshots: managers."""
    return _is_staff_user(user) and user.has_role(Role.MANAGER)  # type: ignore[union-attr]


def report_localities_for(user: User | AnonymousUser) -> QuerySet[Any]:
    """The localities a report may be filtered by: every active locality, for a reader."""
    model: Any = Case._meta.get_field("locality").related_model
    if not can_read_reports(user):
        return model._default_manager.none()
    return model._default_manager.filter(is_active=True)


# --- Reference data: what an API client needs to act without reading the database ------
# None of it is about a family. The code lists, the agencies and the screening tool are the
# same for everyone with a role, partners included: a partner writes its updates in the
# national codes, names agencies by code, and the tool is the council's published threshold
# document. The council's own organisation (localities and teams) is for its staff, not
# partners. Who works where, with what capacity and caseload, is for those who allocate or
# read caseloads, in the localities whose lists they see.
STAFF_ROLES = tuple(role for role in Role if role != Role.PARTNER)


def can_read_reference_data(user: User | AnonymousUser) -> bool:
    """Code lists, agencies and their services, the active screening tool."""
    return _is_staff_user(user) and user.has_role(*Role.values)  # type: ignore[union-attr]


def can_read_localities(user: User | AnonymousUser) -> bool:
    """Every active locality and its teams: staff roles, not partners."""
    return _is_staff_user(user) and user.has_role(*STAFF_ROLES)  # type: ignore[union-attr]


def localities_with_workers_visible_to(user: User | AnonymousUser) -> QuerySet[Any]:
    """The localities whose workers (names, capacity, open cases) this user may see:
    locality leaders their own, managers every one. Anyone else, none."""
    if not can_view_caseloads(user):
        return localities_visible_to(user).none()
    return localities_visible_to(user)


def leads_cases(user: User | AnonymousUser) -> bool:
    """Lead professionals and locality leaders hold cases of their own (home page)."""
    return _is_staff_user(user) and user.has_role(Role.PRACTITIONER, Role.LOCALITY_LEADER)  # type: ignore[union-attr]


def is_locality_leader(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(Role.LOCALITY_LEADER)  # type: ignore[union-attr]


# --- Fetch for user: the object if this user may see it, else 404 ------------------------
# Screenings, recommendations, step-ups and TAC plans belong to feature apps; the core
# reaches them through the relations those apps declare on Case, never by import. Each is
# visible exactly when its case is.


def _case_child_or_404(
    user: User | AnonymousUser, relation: str, pk: int | str, *, partners: bool = False
) -> Any:
    """`partners`: whether a partner who sees the case sees this record too (a
    recommendation is the CAF work asked of them; a screening is the council's own)."""
    model: Any = Case._meta.get_field(relation).related_model
    cases = cases_visible_to(user) if partners else cases_visible_in_full_to(user)
    try:
        return model._default_manager.select_related("case").get(pk=pk, case__in=cases)
    except (model.DoesNotExist, ValueError, TypeError):
        restricted = Case.objects.filter(_case_restricted(user))
        case_id = (
            model._default_manager.filter(pk=pk, case__in=restricted)
            .values_list("case_id", flat=True)
            .first()
            if str(pk).isdigit()
            else None
        )
        if case_id is not None:
            raise RestrictedRecord404("case", case_id) from None
        raise Http404(f"No {model._meta.verbose_name} found") from None


def get_visible_screening_or_404(user: User | AnonymousUser, pk: int | str) -> Any:
    return _case_child_or_404(user, "screenings", pk)


def get_visible_recommendation_or_404(user: User | AnonymousUser, pk: int | str) -> Any:
    return _case_child_or_404(user, "recommendations", pk, partners=True)


def get_visible_step_up_or_404(user: User | AnonymousUser, pk: int | str) -> Any:
    return _case_child_or_404(user, "step_ups", pk)


def get_visible_tac_plan_or_404(user: User | AnonymousUser, case: Case) -> Any:
    """The case's current (latest) Team Around the Family plan."""
    model: Any = Case._meta.get_field("tac_plans").related_model
    plan = (
        model._default_manager.filter(case=case, case__in=cases_visible_in_full_to(user))
        .order_by("-started_on", "-pk")
        .first()
    )
    if plan is None:
        raise Http404("No Team Around the Family found")
    return plan


def localities_visible_to(user: User | AnonymousUser) -> QuerySet[Any]:
    """The active localities whose lists (queue, caseloads) this user sees: every one for
    those who work across the borough, else the user's own."""
    model: Any = Case._meta.get_field("locality").related_model
    active = model._default_manager.filter(is_active=True)
    if sees_every_locality(user):
        return active
    if not _is_staff_user(user):
        return model._default_manager.none()
    return active.filter(pk__in=sorted(user.locality_ids))  # type: ignore[union-attr]


def get_visible_locality_or_404(user: User | AnonymousUser, pk: int | str) -> Any:
    try:
        return localities_visible_to(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("No locality found") from None


def families_for_step_down(user: User | AnonymousUser) -> QuerySet[Family]:
    """The families this user may step down from social care: borough-wide for senior
    practitioners and for children's social care practitioners (who step down families the
    pathway may never have seen); a locality leader, their own locality's families. Anyone
    else, none. A family outside this answers exactly like one that does not exist."""
    if not can_step_down(user):
        return Family.objects.none()
    if user.has_role(Role.SENIOR_PRACTITIONER) or _is_social_care(user):  # type: ignore[union-attr]
        return Family.objects.exclude(_family_restricted(user))
    if user.has_role(Role.LOCALITY_LEADER):  # type: ignore[union-attr]
        return Family.objects.filter(
            Q(locality_id__in=sorted(user.locality_ids))  # type: ignore[union-attr]
            | Q(pk__in=cases_visible_to(user).values("family_id"))
        ).exclude(_family_restricted(user))
    return Family.objects.none()


def get_visible_family_or_404(user: User | AnonymousUser, pk: int | str) -> Family:
    try:
        return families_visible_to(user).get(pk=pk)
    except (Family.DoesNotExist, ValueError, TypeError):
        _refuse_if_restricted(user, "family", pk)
        raise Http404("No family found") from None


def locality_leaders(locality_id: int | None) -> list[int]:
    """The ids of the active locality leaders of this locality (who is told about its queue)."""
    if locality_id is None:
        return []
    return list(
        Membership.objects.active()
        .filter(
            locality_id=locality_id, user__is_active=True, user__groups__name=Role.LOCALITY_LEADER
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def leaders_by_locality() -> dict[int, list[int]]:
    """Every locality's active leaders' ids, in one query (the deadline sweep's escalations)."""
    leaders: dict[int, list[int]] = {}
    rows = (
        Membership.objects.active()
        .filter(user__is_active=True, user__groups__name=Role.LOCALITY_LEADER)
        .exclude(locality__isnull=True)
        .values_list("locality_id", "user_id")
    )
    for locality_id, user_id in rows:
        leaders.setdefault(locality_id, []).append(user_id)
    return leaders


def senior_practitioners() -> list[int]:
    """Who signs off and reviews the front door's work (told of front-door breaches)."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.SENIOR_PRACTITIONER).values_list(
            "pk", flat=True
        )
    )


def managers() -> list[int]:
    """Who is told when no one else holds a breached recommendation."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.MANAGER).values_list("pk", flat=True)
    )


def users_who_may_lead_cases() -> QuerySet[User]:
    """Active users whose role lets them be a case's lead professional (allocation): the
    council's practitioners and locality leaders, and a partner agency's practitioners
    whose agency membership gives them a caseload (a capacity), since CAF work is done by a
    lead agency (DESIGN §1). May hold a user more than once: filter by pk or distinct()."""
    agency_caseholders = (
        Membership.objects.active()
        .filter(agency__isnull=False, capacity__isnull=False)
        .values("user_id")
    )
    return User.objects.filter(is_active=True).filter(
        Q(groups__name__in=[Role.PRACTITIONER, Role.LOCALITY_LEADER])
        | Q(groups__name=Role.PARTNER, pk__in=agency_caseholders)
    )


def users_who_may_join_a_tac() -> QuerySet[User]:
    """Who may be named a Team Around the Family member from their account: active staff
    and partner practitioners (not administrators or auditors, who do no casework)."""
    return (
        User.objects.filter(
            is_active=True,
            groups__name__in=[
                Role.CONTACT_OFFICER,
                Role.SENIOR_PRACTITIONER,
                Role.LOCALITY_LEADER,
                Role.PRACTITIONER,
                Role.PARTNER,
                Role.MANAGER,
            ],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


# --- The administration site -------------------------------------------------------------
# Every page of the administration site asks here, not only Django's model permissions:
# those grant a superuser everything, and the superuser flag grants nothing in this service
# (nothing above reads it). The site never shows or accepts is_superuser, is_staff, groups
# or user_permissions; a role is granted only by the add_user command or the logged "change
# role" action (pathway.services.accounts.user_role_change), and never by anyone to
# themselves. Case records (families, people, contacts, cases) are not in the site at all.


def can_use_administration(user: User | AnonymousUser) -> bool:
    """The administration site: administrators (users and reference data) and auditors
    (the access log and sign-in attempts); nobody else, superuser or not."""
    return can_administer(user) or can_read_access_log(user)


def can_change_role(actor: User | AnonymousUser, user: User) -> bool:
    """An administrator may change another user's role; nobody may change their own."""
    return can_administer(actor) and actor.pk != user.pk


# --- Partner agencies: sharing, the partner view, requests for support (docs/adr/0013) ---
# Who may share a case with a partner agency, and revoke a share: a senior practitioner
# (the cases the front door and they hold), a locality leader (their locality's cases), a
# practitioner the cases they lead. Sharing without the family's consent, on the
# safeguarding basis, is a senior practitioner's decision alone. A partner never shares.
SHARE_ROLES = (Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER, Role.PRACTITIONER)

# What of a shared case's chronology a partner sees: what happened on the pathway, never
# the front door's or screening's internals (contacts, screening decisions, step-ups).
PARTNER_CHRONOLOGY_ACTIONS = (
    "case.opened",
    "recommendation.made",
    "recommendation.completed",
    "recommendation.withdrawn",
    "caf.started",
    "tac.meeting",
    "tac.review",
    "share.created",
    "partner.note",
    "partner.caf_accepted",
    "partner.caf_declined",
)


def _share_scope(user: User) -> Q:
    scope = _NOTHING
    if user.has_role(Role.SENIOR_PRACTITIONER):
        scope |= _front_door() | _senior_extra()
    if user.has_role(Role.LOCALITY_LEADER):
        scope |= _in_localities(user)
    if user.has_role(Role.PRACTITIONER):
        scope |= Q(lead_professional_id=user.pk) & _in_localities(user)
    return scope


def cases_shareable_by(user: User | AnonymousUser) -> QuerySet[Case]:
    """The cases this user may share with a partner agency (and whose shares they may revoke)."""
    if not _is_staff_user(user) or not user.has_role(*SHARE_ROLES):  # type: ignore[union-attr]
        return Case.objects.none()
    scope = _share_scope(user)  # type: ignore[arg-type]
    if scope == _NOTHING:
        return Case.objects.none()
    return Case.objects.filter(scope)


def can_share_case(user: User | AnonymousUser, case: Case) -> bool:
    return cases_shareable_by(user).filter(pk=case.pk).exists()


def can_share_without_consent(user: User | AnonymousUser) -> bool:
    """The safeguarding basis (no consent, or consent refused): senior practitioners."""
    return _is_staff_user(user) and user.has_role(Role.SENIOR_PRACTITIONER)  # type: ignore[union-attr]


def can_revoke_share(user: User | AnonymousUser, share: Share) -> bool:
    return can_share_case(user, share.case)


def shares_visible_to(user: User | AnonymousUser) -> QuerySet[Share]:
    """Staff: every share (live or not) on the cases they see in full. A partner: the
    live shares to their own agency, nothing else (not other agencies', not revoked)."""
    if not _is_staff_user(user):
        return Share.objects.none()
    condition = Q(case__in=cases_visible_in_full_to(user))
    if user.has_role(Role.PARTNER) and user.agency_ids:  # type: ignore[union-attr]
        condition |= Q(
            pk__in=Share.objects.live()
            .filter(agency_id__in=sorted(user.agency_ids))  # type: ignore[union-attr]
            .values("pk")
        )
    return Share.objects.filter(condition)


def get_visible_share_or_404(user: User | AnonymousUser, pk: int | str) -> Share:
    try:
        return shares_visible_to(user).select_related("case", "agency").get(pk=pk)
    except (Share.DoesNotExist, ValueError, TypeError):
        raise Http404("No share found") from None


def sees_partner_view(user: User | AnonymousUser) -> bool:
    """A partner agency's practitioner (with no staff role): the partner portal, and a
    shared case's partner view instead of the council's case page."""
    return is_partner(user) and not user.has_role(*STAFF_ROLES)  # type: ignore[union-attr]


def live_shares_for(user: User | AnonymousUser, case: Case) -> QuerySet[Share]:
    """The live shares through which this partner sees this case (none for staff)."""
    if not is_partner(user) or not user.agency_ids:  # type: ignore[union-attr]
        return Share.objects.none()
    return Share.objects.live().filter(case=case, agency_id__in=sorted(user.agency_ids))  # type: ignore[union-attr]


def partner_may_see_part(user: User | AnonymousUser, case: Case, part: str) -> bool:
    """Whether a live share to this partner's agency covers `part` (a SharePart)."""
    return any(share.covers(part) for share in live_shares_for(user, case))


def chronology_visible_to(user: User | AnonymousUser, case: Case) -> QuerySet[ChronologyEvent]:
    """The family's timeline as this user may see it from this case. Staff: every event
    of the family. A partner: this case's pathway events (PARTNER_CHRONOLOGY_ACTIONS),
    without other agencies' restricted notes; nothing unless the share covers the
    chronology."""
    events = ChronologyEvent.objects.filter(family_id=case.family_id)
    if cases_visible_in_full_to(user).filter(pk=case.pk).exists():
        return events
    if not partner_may_see_part(user, case, "chronology"):
        return events.none()
    own = sorted(user.agency_ids)  # type: ignore[union-attr]
    return events.filter(case=case, action__in=PARTNER_CHRONOLOGY_ACTIONS).exclude(
        Q(data__restricted=True) & ~Q(data__agency_id__in=own)
    )


def can_add_partner_note(user: User | AnonymousUser, case: Case) -> bool:
    """A partner records updates and case notes on a case shared with their agency."""
    return sees_partner_view(user) and partner_may_see_part(user, case, "partner_notes")


def can_respond_to_caf_work(user: User | AnonymousUser, recommendation: Any) -> bool:
    """Accept or decline CAF work recommended to one of this partner's agencies, on a
    case shared with it, while the recommendation is open."""
    return (
        sees_partner_view(user)
        and recommendation.kind == "caf"
        and recommendation.status == "open"
        and recommendation.agency_id in user.agency_ids  # type: ignore[union-attr]
        and can_view_case(user, recommendation.case)
    )


def can_request_support(user: User | AnonymousUser) -> bool:
    """A partner practitioner sends a request for support to the Contact Centre."""
    return is_partner(user) and bool(user.agency_ids)  # type: ignore[union-attr]


def partner_agency_users(agency_id: int) -> list[int]:
    """The active partner practitioners of an agency (told when a case is shared with it)."""
    return list(
        Membership.objects.active()
        .filter(agency_id=agency_id, user__is_active=True, user__groups__name=Role.PARTNER)
        .values_list("user_id", flat=True)
        .distinct()
    )


def mfa_required(user: User | AnonymousUser) -> bool:
    """Two-step verification (docs/adr/0014): partner agencies' accounts always; everyone's
    when MFA_REQUIRED_FOR_ALL is on."""
    if not _is_staff_user(user):
        return False
    return bool(settings.MFA_REQUIRED_FOR_ALL) or user.has_role(Role.PARTNER)  # type: ignore[union-attr]


def can_reset_mfa(actor: User | AnonymousUser, user: User) -> bool:
    """An administrator resets someone else's two-step verification (a lost phone)."""
    return can_administer(actor) and actor.pk != user.pk
