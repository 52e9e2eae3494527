"""Who acts when no person does: the system's named actors.

Management commands and Celery tasks act as one of these, never as an anonymous None, so
the chronology and the audit trail say which process did what. A system actor may take
only the workflow actions it names (`may`); the access policy asks it like any user.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SystemActor:
    code: str  # stored in the chronology's data as "system_actor"
    label: str  # shown where a person's name would be: "by the deadline sweep"
    may: frozenset[str] = field(default_factory=frozenset)  # workflow verbs it may take

    def __str__(self) -> str:
        return self.label

    @property
    def pk(self) -> None:
        """No user row: events and rows it writes have no user."""
        return None

    @property
    def is_authenticated(self) -> bool:
        return False


# The beat-scheduled 20-working-day sweep: reminders, breaches, escalations. It flags and
# tells; it takes no workflow action.
DEADLINE_SWEEP = SystemActor("deadline-sweep", "the deadline sweep")
# Nightly housekeeping (expired sessions, stale contact drafts).
HOUSEKEEPING = SystemActor("housekeeping", "nightly housekeeping")

SYSTEM_ACTORS = {actor.code: actor for actor in (DEADLINE_SWEEP, HOUSEKEEPING)}
