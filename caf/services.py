"""Recommendations, step-up and step-down: one service per verb, each atomic."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caf.models import Recommendation, StepDown, StepUp
from localities.models import Agency, Locality
from pathway.calendar import add_working_days
from pathway.choices import CaseOrigin, LevelOfNeed, Stage
from pathway.models import Case, Family, User
from pathway.services.chronology import chronology_record
from pathway.workflow import INITIAL_STAGE, transition
from screening.models import Screening


def recommendation_make(
    *,
    case: Case,
    kind: str,
    made_on: date,
    agency: Agency | None = None,
    screening: Screening | None = None,
    created_by: User | None = None,
) -> Recommendation:
    """Make a recommendation, due RECOMMENDATION_WORKING_DAYS working days after `made_on`.

    Call inside the transaction of the decision that makes it.
    """
    due_on = add_working_days(made_on, settings.RECOMMENDATION_WORKING_DAYS)
    recommendation = Recommendation.objects.create(
        case=case,
        kind=kind,
        made_on=made_on,
        due_on=due_on,
        agency=agency,
        screening=screening,
        created_by=created_by,
    )
    chronology_record(
        family=case.family,
        case=case,
        action="recommendation.made",
        actor=created_by,
        summary=(
            f"{recommendation.get_kind_display()} recommendation"
            + (f" ({agency.name})" if agency else "")
            + f", due {due_on:%d %B %Y}"
        ),
        data={"recommendation": recommendation.pk, "kind": kind, "due_on": due_on.isoformat()},
    )
    return recommendation


def recommendations_withdraw(*, case: Case, actor: User | None, why: str) -> int:
    """Withdraw the case's open recommendations (the case left the pathway)."""
    withdrawn = Recommendation.objects.filter(case=case, status=Recommendation.Status.OPEN).update(
        status=Recommendation.Status.WITHDRAWN
    )
    if withdrawn:
        chronology_record(
            family=case.family,
            case=case,
            action="recommendation.withdrawn",
            actor=actor,
            summary=f"{withdrawn} open recommendation(s) withdrawn: {why}",
        )
    return withdrawn


def case_step_up(
    *,
    case: Case,
    stepped_up_by: User,
    reason: str,
    level: str = LevelOfNeed.STATUTORY,
    screening: Screening | None = None,
    expected_version: int | None = None,
) -> StepUp:
    """Step a case up to children's social care, from any open stage.

    Raises ValidationError for a missing reason; IllegalTransition or StaleCase (409)
    if the case cannot be stepped up now.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is being stepped up"})
    if level not in LevelOfNeed.values:
        raise ValidationError({"level": f"Unknown level of need {level!r}"})
    with transaction.atomic():
        before = Case.objects.select_for_update().get(pk=case.pk).stage
        updated = transition(
            case_id=case.pk,
            verb="step_up",
            actor=stepped_up_by,
            expected_version=expected_version,
            summary=f"Stepped up to social care: {reason.strip()}"[:300],
            level_of_need=level,
        )
        step_up = StepUp.objects.create(
            case=updated,
            screening=screening,
            reason=reason.strip(),
            level=level,
            from_stage=before,
            stepped_up_by=stepped_up_by,
        )
        recommendations_withdraw(case=updated, actor=stepped_up_by, why="stepped up to social care")
    return step_up


def step_up_record_outcome(
    *, step_up: StepUp, recorded_by: User, outcome: str, note: str = ""
) -> StepUp:
    """Record what social care did with a step-up (feeds the NI68-style measure)."""
    if outcome not in StepUp.Outcome.values:
        raise ValidationError({"outcome": f"Choose one of: {', '.join(StepUp.Outcome.values)}"})
    with transaction.atomic():
        locked = (
            StepUp.objects.select_for_update().select_related("case__family").get(pk=step_up.pk)
        )
        if locked.outcome:
            raise ValidationError({"outcome": "The outcome of this step-up is already recorded"})
        locked.outcome = outcome
        locked.outcome_note = note
        locked.outcome_recorded_by = recorded_by
        locked.outcome_recorded_at = timezone.now()
        locked.save()
        chronology_record(
            family=locked.case.family,
            case=locked.case,
            action="stepup.outcome",
            actor=recorded_by,
            summary=f"Social care: {locked.get_outcome_display().lower()}",
            data={"step_up": locked.pk, "outcome": outcome},
        )
    return locked


def case_step_down(
    *,
    family: Family,
    stepped_down_by: User,
    reason: str,
    plan: str,
    locality: Locality | None = None,
    social_worker: str = "",
) -> StepDown:
    """Step a family down from social care into the pathway, awaiting allocation.

    The family's stepped-up case comes back if it has one; otherwise a new case opens
    with origin "step-down". Either way a CAF recommendation (20 working days) is made
    and the case lands in its locality's allocation queue. Raises ValidationError for
    missing details, or if the family already has an open case on the pathway.
    """
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why social care is stepping the family down"
    if not plan.strip():
        errors["plan"] = "Enter the CAF or Team Around the Family to be put in place"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        family = Family.objects.select_for_update().get(pk=family.pk)
        if family.cases.exclude(stage__in=[Stage.CLOSED, Stage.STEPPED_UP]).exists():
            raise ValidationError(
                {"family": "This family already has an open case on the pathway: add to that case"}
            )
        stepped_up = family.cases.filter(stage=Stage.STEPPED_UP).order_by("-opened_at").first()
        target_locality = locality or family.locality
        if stepped_up is not None:
            case = transition(
                case_id=stepped_up.pk,
                verb="step_down",
                actor=stepped_down_by,
                summary=f"Stepped down from social care: {reason.strip()}"[:300],
                locality=target_locality or stepped_up.locality,
                team=None,
                lead_professional=None,
            )
        else:
            case = Case.objects.create(
                family=family,
                origin=CaseOrigin.STEP_DOWN,
                stage=INITIAL_STAGE[CaseOrigin.STEP_DOWN],
                locality=target_locality,
                level_of_need=LevelOfNeed.TARGETED,
            )
            chronology_record(
                family=family,
                case=case,
                action="case.step_down",
                actor=stepped_down_by,
                summary=f"Case {case.reference} opened by a step-down from social care",
                data={"to": case.stage},
            )
        step_down = StepDown.objects.create(
            case=case,
            from_step_up=StepUp.objects.filter(case=case).order_by("-stepped_up_at").first(),
            reason=reason.strip(),
            plan=plan.strip(),
            social_worker=social_worker,
            stepped_down_by=stepped_down_by,
        )
        recommendation_make(
            case=case,
            kind=Recommendation.Kind.CAF,
            made_on=timezone.localdate(),
            created_by=stepped_down_by,
        )
    return step_down
