"""The one access policy (DESIGN §7).

Every page, API endpoint, export and search asks this module which cases a user may
list, open or change. The same Q object answers the list question and the object
question, so the two can never disagree. Anything not granted here is denied; a case
a user may not see is reported as "not found" (404), never "forbidden".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from pathway.choices import FRONT_DOOR_STAGES, Role, Stage
from pathway.models import Case

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from pathway.models import User

_NOTHING = Q(pk__in=[])

# Stages the front door also sees, beyond its own: cases it has just passed to a
# locality, and cases stepped up to social care (senior practitioners own step-up).
_SENIOR_EXTRA_STAGES = frozenset({Stage.AWAITING_ALLOCATION, Stage.STEPPED_UP})


def _front_door() -> Q:
    return Q(stage__in=[s.value for s in FRONT_DOOR_STAGES])


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
        scope |= _front_door() | Q(stage__in=[s.value for s in _SENIOR_EXTRA_STAGES])
    if user.has_role(Role.LOCALITY_LEADER, Role.PRACTITIONER):
        scope |= _in_localities(user)
    return scope


def _change_scope(user: User) -> Q:
    scope = _NOTHING
    if user.has_role(Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER):
        scope |= _front_door()
    if user.has_role(Role.SENIOR_PRACTITIONER):
        scope |= Q(stage__in=[s.value for s in _SENIOR_EXTRA_STAGES])
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
