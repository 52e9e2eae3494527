"""Factories for screenings (with the active tool, which a data migration creates) and for
cases waiting for a screening's sign-off."""

from __future__ import annotations

import factory
from django.utils import timezone

from localities.models import Agency
from pathway.choices import Decision, LevelOfNeed, Role, Stage
from pathway.models import Contact
from pathway.services.cases import case_awaiting_screening_refresh
from screening.models import Screening, ScreeningTool
from screening.scoring import score_answers, tool_questions
from screening.services import SIGN_OFF_LEVELS
from tests.localities.factories import AgencyFactory
from tests.pathway.factories import CaseFactory, ContactFactory, UserFactory

# Answers to version 1 of the tool (screening/migrations/0002_default_tool.py) on top of
# "no concern" everywhere, and the total each reaches.
UNIVERSAL_PLUS_CONCERNS = {"housing": "significant", "income": "significant"}  # 4
TARGETED_CONCERNS = {
    "domestic_abuse": "significant",
    "parent_substance": "some",
    "boundaries": "some",
}  # 10
SPECIALIST_CONCERNS = {
    "domestic_abuse": "significant",
    "parent_substance": "significant",
    "basic_care": "significant",
    "missing_exploitation": "some",
}  # 21


def active_tool() -> ScreeningTool:
    return ScreeningTool.objects.get(status=ScreeningTool.Status.ACTIVE)


def answers_for(
    tool: ScreeningTool, concerns: dict[str, str] | None = None, default: str = "none"
) -> dict[str, str]:
    """An answer to every question of the tool: `default` where the question offers it
    (else its first answer: "no" to a critical question), then the `concerns` given."""
    answers = {}
    for question in tool_questions(tool):
        values = [option.value for option in question.options.all()]
        answers[question.code] = default if default in values else values[0]
    answers.update(concerns or {})
    return answers


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A screening of a contact with the active tool, scored by screening.scoring as
    case_screen scores it: a Targeted CAF decision by default, applied at once.

    A decision at Specialist or Statutory level, or one overriding the computed level,
    waits for sign-off (`signed_off=True` for one a senior practitioner agreed). Once the
    decision applies, the contact is marked screened. The case is not moved: build it at
    the stage the decision leads to (or use ScreeningCaseFactory for one waiting).

    Pass `concerns` (question code → answer) to change the answers, or `answers` whole.
    """

    class Meta:
        model = Screening
        skip_postgeneration_save = True

    class Params:
        concerns = TARGETED_CONCERNS
        result = factory.LazyAttribute(lambda o: score_answers(o.tool, o.answers))
        universal = factory.Trait(
            decision=Decision.UNIVERSAL,
            concerns=UNIVERSAL_PLUS_CONCERNS,
            universal_service=factory.SubFactory(
                AgencyFactory,
                kind=Agency.Kind.CHILDRENS_CENTRE,
                tier=LevelOfNeed.UNIVERSAL,
                offers_universal_service=True,
            ),
        )
        signed_off = factory.Trait(
            signed_off_by=factory.SubFactory(UserFactory, role=Role.SENIOR_PRACTITIONER),
            signed_off_at=factory.LazyFunction(timezone.now),
        )

    contact = factory.SubFactory(ContactFactory)
    case = factory.SelfAttribute("contact.case")
    tool = factory.LazyFunction(active_tool)
    answers = factory.LazyAttribute(lambda o: answers_for(o.tool, o.concerns))
    score = factory.SelfAttribute("result.score")
    critical_answers = factory.SelfAttribute("result.critical")
    computed_level = factory.LazyAttribute(lambda o: LevelOfNeed(o.result.level).value)
    level_override = ""
    override_reason = ""
    decision = Decision.CAF
    rationale = "Family agrees support would help"
    needs_sign_off = factory.LazyAttribute(
        lambda o: (
            bool(o.level_override)
            or LevelOfNeed(o.level_override or o.computed_level) in SIGN_OFF_LEVELS
        )
    )
    signed_off_by = None
    signed_off_at = None
    status = factory.LazyAttribute(
        lambda o: (
            Screening.Status.AWAITING_SIGN_OFF
            if o.needs_sign_off and o.signed_off_by is None
            else Screening.Status.APPLIED
        )
    )
    screened_by = factory.SelfAttribute("contact.recorded_by")
    screened_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def contact_screened(self, create: bool, extracted: object, **kwargs: object) -> None:
        """The decision took effect: the contact leaves the screening queue."""
        if create and self.status == Screening.Status.APPLIED:
            Contact.objects.filter(pk=self.contact_id, screened_at__isnull=True).update(
                screened_at=self.signed_off_at or self.screened_at
            )
            self.contact.refresh_from_db(fields=["screened_at"])
            case_awaiting_screening_refresh(case_ids=[self.contact.case_id])


class ScreeningCaseFactory(CaseFactory):
    """A new case whose contact was screened at Specialist level: the CAF decision waits
    for a senior practitioner's sign-off (submit_for_sign_off: one transition).

    The contact is still in the queue, and the level of need is not set until the
    decision applies.
    """

    stage = Stage.SCREENING
    version = 2
    screening = factory.RelatedFactory(
        ScreeningFactory,
        factory_related_name="case",
        contact=factory.SubFactory(ContactFactory, case=factory.SelfAttribute("..case")),
        concerns=SPECIALIST_CONCERNS,
    )
