"""Which contacts a user may screen now, for the pages that offer "Screen this contact"."""

from __future__ import annotations

from collections.abc import Iterable

from pathway import policy
from pathway.models import Contact, User

# A screening in one of these states holds the contact: it waits for sign-off or has
# been applied (a returned screening frees the contact to be screened again).
LIVE_SCREENING_STATUSES = ("awaiting_sign_off", "applied")


def contacts_user_may_screen(*, user: User, contacts: Iterable[Contact]) -> set[int]:
    """The ids of those `contacts` this user may screen now: not yet screened, no
    screening waiting for sign-off, and the access policy lets the user screen the case.
    At most two queries, whatever the number of contacts."""
    waiting = [c for c in contacts if c.screened_at is None]
    if not waiting:
        return set()
    screenable_cases = policy.can_act_on_cases(user, "screen", {c.case_id for c in waiting})
    candidates = [c.pk for c in waiting if c.case_id in screenable_cases]
    if not candidates:
        return set()
    held = set(
        Contact.objects.filter(
            pk__in=candidates, screenings__status__in=LIVE_SCREENING_STATUSES
        ).values_list("pk", flat=True)
    )
    return set(candidates) - held
