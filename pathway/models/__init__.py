from .accounts import Membership, User
from .audit import AccessLogEntry, Heartbeat, LoginAttempt
from .cases import Case, Contact, ContactSubject
from .chronology import ChronologyEvent
from .drafts import ContactDraft, LocalClosureDay, PersonMerge
from .notifications import Notification
from .outbox import OutboxMessage
from .people import Family, HouseholdMember, Person, PersonAlias
from .reference import OutcomeArea, PresentingIssue, ReferralSource
from .relationships import Relationship
from .restrictions import RecordRestriction
from .shares import Share

__all__ = [
    "AccessLogEntry",
    "Case",
    "ChronologyEvent",
    "Contact",
    "ContactDraft",
    "ContactSubject",
    "Family",
    "Heartbeat",
    "HouseholdMember",
    "LocalClosureDay",
    "LoginAttempt",
    "Membership",
    "Notification",
    "OutboxMessage",
    "OutcomeArea",
    "Person",
    "PersonAlias",
    "PersonMerge",
    "PresentingIssue",
    "RecordRestriction",
    "ReferralSource",
    "Relationship",
    "Share",
    "User",
]
