"""The one access policy (DESIGN §7).

Every page, API endpoint, export and search asks this module which cases a user may
list, open or change. The same Q object answers the list question and the object
question, so the two can never disagree. Anything not granted here is denied; a case
a user may not see is reported as "not found" (404), never "forbidden".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pathway.choices import FRONT_DOOR_STAGES, Role, Stage
from pathway.models import Case, Contact, ContactDraft, Family, Membership, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from pathway.models import User

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
    (a repeat contact joins an open case wherever it is, and the front door screens it)."""
    awaiting = Contact.objects.filter(case=OuterRef("pk"), screened_at__isnull=True)
    return Q(stage__in=[s.value for s in FRONT_DOOR_STAGES]) | Q(Exists(awaiting))


def _in_localities(user: User) -> Q:
    if not user.locality_ids:
        return _NOTHING
    return Q(locality_id__in=sorted(user.locality_ids))


def _view_scope(user: User) -> Q:
    scope = _NOTHING
    if user.has_role(Role.MANAGER):
        return Q()
    if user.has_role(Role.CONTACT_OFFICER):
        scope |= _front_door()
    if user.has_role(Role.SENIOR_PRACTITIONER):
        scope |= _front_door() | _senior_extra()
    if user.has_role(Role.LOCALITY_LEADER, Role.PRACTITIONER):
        scope |= _in_localities(user)
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


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[Case]:
    """Every case this user may list or open. Empty for anyone not granted a scope."""
    if not _is_staff_user(user):
        return Case.objects.none()
    scope = _view_scope(user)  # type: ignore[arg-type]
    if scope == _NOTHING:
        return Case.objects.none()
    return Case.objects.filter(scope)


def cases_changeable_by(user: User | AnonymousUser) -> QuerySet[Case]:
    """Every case this user may act on (record, decide, allocate, close)."""
    if not _is_staff_user(user):
        return Case.objects.none()
    scope = _change_scope(user)  # type: ignore[arg-type]
    if scope == _NOTHING:
        return Case.objects.none()
    return Case.objects.filter(scope)


def can_view_case(user: User | AnonymousUser, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def can_change_case(user: User | AnonymousUser, case: Case) -> bool:
    return cases_changeable_by(user).filter(pk=case.pk).exists()


def get_visible_case_or_404(user: User | AnonymousUser, pk: int | str) -> Case:
    """The case, if this user may see it; otherwise 404, whether or not it exists."""
    try:
        return cases_visible_to(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No case found") from None


# --- Capabilities that are not about one case ------------------------------------------

FRONT_DOOR_ROLES = (Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER)
SEARCH_ROLES = (*FRONT_DOOR_ROLES, Role.LOCALITY_LEADER, Role.PRACTITIONER, Role.MANAGER)
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
        return Person.objects.all()
    families = cases_visible_to(user).values("family_id")
    return Person.objects.filter(households__family_id__in=families).distinct()


def families_visible_to(user: User | AnonymousUser) -> QuerySet[Family]:
    """Families this user may find: the front door and managers any, locality staff the
    families of cases they can see (the same rule as for people)."""
    if not can_search_people(user):
        return Family.objects.none()
    if user.has_role(*FRONT_DOOR_ROLES, Role.MANAGER):  # type: ignore[union-attr]
        return Family.objects.all()
    return Family.objects.filter(pk__in=cases_visible_to(user).values("family_id"))


def get_visible_person_or_404(user: User | AnonymousUser, pk: int | str) -> Person:
    try:
        return people_visible_to(user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No person found") from None


def contacts_visible_to(user: User | AnonymousUser) -> QuerySet[Contact]:
    return Contact.objects.filter(case__in=cases_visible_to(user))


def get_own_draft_or_404(user: User | AnonymousUser, pk: int | str) -> ContactDraft:
    """A contact draft is its owner's alone, and only until it is submitted."""
    if not can_record_contacts(user):
        raise Http404("No draft found")
    try:
        return ContactDraft.objects.get(pk=pk, owner_id=user.pk, submitted_contact__isnull=True)
    except (ContactDraft.DoesNotExist, ValueError, TypeError):
        raise Http404("No draft found") from None


# --- Who may do what to a case -----------------------------------------------------------
# A verb needs one of these roles AND the case in the user's change scope.
VERB_ROLES: dict[str, tuple[Role, ...]] = {
    "screen": FRONT_DOOR_ROLES,
    "sign_off": (Role.SENIOR_PRACTITIONER,),
    "allocate": (Role.LOCALITY_LEADER,),
    "reallocate": (Role.LOCALITY_LEADER,),
    "transfer": (Role.LOCALITY_LEADER,),
    "step_up": (Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER, Role.PRACTITIONER),
    "close": (Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER, Role.PRACTITIONER),
    "reopen": (Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER),
    "complete_caf": (Role.LOCALITY_LEADER, Role.PRACTITIONER),
    "follow_up": FRONT_DOOR_ROLES,
}


def can_act(user: User | AnonymousUser, case: Case, verb: str) -> bool:
    roles = VERB_ROLES.get(verb)
    if roles is None or not _is_staff_user(user) or not user.has_role(*roles):  # type: ignore[union-attr]
        return False
    return can_change_case(user, case)


def can_sign_off(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_role(Role.SENIOR_PRACTITIONER)  # type: ignore[union-attr]


def can_step_down(user: User | AnonymousUser) -> bool:
    """Senior practitioners, locality leaders, and practitioners of children's social care."""
    if not _is_staff_user(user):
        return False
    if user.has_role(Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER):  # type: ignore[union-attr]
        return True
    return user.has_role(Role.PARTNER) and any(  # type: ignore[union-attr]
        m.agency and m.agency.kind == "social_care"
        for m in user.active_memberships  # type: ignore[union-attr]
    )


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
