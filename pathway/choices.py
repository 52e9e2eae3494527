"""The vocabulary of the pathway: stages, levels of need, channels, consent.

Kept apart from the models so that every app (and the API schema) can import the words
without importing each other's models.
"""

from django.db import models


class Role(models.TextChoices):
    """Roles (DESIGN §7); each is a Django group created by a data migration."""

    CONTACT_OFFICER = "contact_officer", "Contact centre officer"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    LOCALITY_LEADER = "locality_leader", "Locality leader"
    PRACTITIONER = "practitioner", "Practitioner / lead professional"
    PARTNER = "partner", "Partner agency practitioner"
    MANAGER = "manager", "Manager / performance analyst"
    ADMIN = "admin", "System administrator"
    AUDITOR = "auditor", "Information-governance auditor"


class LevelOfNeed(models.TextChoices):
    """The continuum of need, lowest to highest."""

    UNIVERSAL = "universal", "Universal"
    UNIVERSAL_PLUS = "universal_plus", "Universal Plus"
    TARGETED = "targeted", "Targeted"
    SPECIALIST = "specialist", "Specialist"
    STATUTORY = "statutory", "Statutory"

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.values).index(value)


class Stage(models.TextChoices):
    """Where a case is on the pathway (DESIGN §3)."""

    CONTACT = "contact", "Contact received"
    SCREENING = "screening", "Awaiting screening sign-off"
    AWAITING_ALLOCATION = "awaiting_allocation", "Awaiting allocation"
    UNIVERSAL_OFFER = "universal_offer", "Universal offer"
    ALLOCATED = "allocated", "Allocated"
    TAC = "tac", "Team Around the Family"
    STEPPED_UP = "stepped_up", "Stepped up to social care"
    CLOSED = "closed", "Closed"


# Levels above what a CAF is for: a case at one of them waiting in a locality's CAF queue
# is flagged for a senior practitioner's review (it may need to step up).
SENIOR_REVIEW_LEVELS = frozenset({LevelOfNeed.SPECIALIST, LevelOfNeed.STATUTORY})


# The stage sets, defined here once.
# Stages at which the Contact Centre holds the case.
FRONT_DOOR_STAGES = frozenset({Stage.CONTACT, Stage.SCREENING, Stage.UNIVERSAL_OFFER})
# A case in any other stage than these is open on the pathway; a family has at most one.
ENDED_STAGES = frozenset({Stage.CLOSED, Stage.STEPPED_UP})
OPEN_STAGES = frozenset(Stage) - ENDED_STAGES
# Open cases no locality team holds yet: they move with the family's locality.
UNALLOCATED_OPEN_STAGES = FRONT_DOOR_STAGES | {Stage.AWAITING_ALLOCATION}
# A lead professional's caseload: the cases they hold that are still being worked.
CASELOAD_STAGES = frozenset({Stage.ALLOCATED, Stage.TAC})


class CaseOrigin(models.TextChoices):
    CONTACT = "contact", "Contact"
    STEP_DOWN = "step_down", "Step-down from social care"


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    NOT_NEEDING_EARLY_HELP = "not_needing_early_help", "Assessed as not needing early help"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    STEPPED_UP = "stepped_up", "Stepped up to social care"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to another service"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of area"
    NO_FURTHER_ACTION = "no_further_action", "Information and advice given / no further action"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    ONLINE_FORM = "online_form", "Online form"
    POLICE_DOMESTIC_INCIDENT = "police_domestic_incident", "Police domestic-incident notification"
    MISSING_FROM_HOME = "missing_from_home", "Missing-from-home report"
    AE_NOTIFICATION = "ae_notification", "A&E notification"
    PROFESSIONAL_REFERRAL = "professional_referral", "Professional referral"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class LawfulBasis(models.TextChoices):
    """Why information may be shared without consent (UK GDPR / Data Protection Act 2018)."""

    PUBLIC_TASK = "public_task", "Public task (Children Act 1989/2004 duties)"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
    VITAL_INTERESTS = "vital_interests", "Vital interests (risk of serious harm)"
    SAFEGUARDING = "safeguarding", "Safeguarding of children and individuals at risk (DPA 2018)"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class HouseholdRelationship(models.TextChoices):
    CHILD = "child", "Child"
    PARENT_CARER = "parent_carer", "Parent or carer"
    OTHER_ADULT = "other_adult", "Other adult in the household"


class AdultRelationship(models.TextChoices):
    """How an adult named on a contact is related to each child it is about."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENT_PARTNER = "parent_partner", "Partner of a parent"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER = "other", "Other"


# The screening decisions of DESIGN §8 (`decision` on POST /api/v1/cases/{id}/screen/).
class Decision(models.TextChoices):
    CAF = "caf", "CAF recommendation"
    UNIVERSAL = "universal", "Universal recommendation"
    EXISTING_CAF = "existing_caf", "Existing CAF"
    STEP_UP = "step_up", "Step up to social care"
    ADVICE = "advice", "Information and advice"
    NFA = "nfa", "No further action"


class RecommendationKind(models.TextChoices):
    CAF = "caf", "CAF"
    UNIVERSAL = "universal", "Universal"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class UniversalUptake(models.TextChoices):
    """Whether the family took up a universal offer (DESIGN §2, §6 measure 4)."""

    TAKEN_UP = "taken_up", "Taken up"
    DECLINED = "declined", "Declined"
    NOT_CONTACTABLE = "not_contactable", "Not contactable"


class ShareBasis(models.TextChoices):
    """Why a case may be shared with a partner agency (DESIGN §2 Share)."""

    CONSENT = "consent", "The family's consent"
    SAFEGUARDING = (
        "safeguarding",
        (
            "Without consent: safeguarding (Working Together 2023, DPA 2018 safeguarding "
            "condition), recorded by a senior practitioner"
        ),
    )


class ShareScope(models.TextChoices):
    WHOLE = "whole", "The whole case"
    PARTS = "parts", "Named parts of the case"


class SharePart(models.TextChoices):
    """The parts of a case a share may name. The family's name, the stage and the due
    dates are always shared: a partner cannot work a case without them."""

    CHRONOLOGY = "chronology", "The chronology (what partners may see of it)"
    RECOMMENDATIONS = "recommendations", "Recommendations and CAF work"
    PARTNER_NOTES = "partner_notes", "Partner updates and case notes"
