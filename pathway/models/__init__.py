from .accounts import Membership, User
from .audit import AccessLogEntry, Heartbeat, LoginAttempt
from .cases import Case, Contact, ContactSubject
from .chronology import ChronologyEvent
from .people import Family, HouseholdMember, Person, PersonAlias
from .reference import OutcomeArea, PresentingIssue, ReferralSource

__all__ = [
    "AccessLogEntry",
    "Case",
    "ChronologyEvent",
    "Contact",
    "ContactSubject",
    "Family",
    "Heartbeat",
    "HouseholdMember",
    "LoginAttempt",
    "Membership",
    "OutcomeArea",
    "Person",
    "PersonAlias",
    "PresentingIssue",
    "ReferralSource",
    "User",
]
