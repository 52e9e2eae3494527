"""Screening a contact and acting on the decision: the front door's one write path."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caf.models import Recommendation
from caf.services import case_step_up, recommendation_make
from localities.models import Agency
from pathway.choices import ClosureReason, LevelOfNeed, Stage
from pathway.formatting import govuk_date
from pathway.models import Case, Contact, User
from pathway.services.cases import case_awaiting_screening_refresh
from pathway.services.chronology import chronology_record
from pathway.services.workflow import action_check, lock_case, transition
from pathway.validators import validate_free_text
from pathway.workflow import ACTIONS, IllegalTransition
from screening.models import Decision, Screening, ScreeningTool
from screening.scoring import score_answers

# Decisions at these levels, and any override, need a senior practitioner's sign-off.
SIGN_OFF_LEVELS = frozenset({LevelOfNeed.SPECIALIST, LevelOfNeed.STATUTORY})


def active_tool() -> ScreeningTool:
    tool = ScreeningTool.objects.filter(status=ScreeningTool.Status.ACTIVE).first()
    if tool is None:
        raise ValidationError(
            {"tool": "No screening tool is active: an administrator must publish one"}
        )
    return tool


def decision_verb(decision: str, stage: str) -> str:
    """The workflow verb that carries out a decision for a case at `stage`."""
    if decision == Decision.CAF:
        return "recommend_caf"
    if decision == Decision.UNIVERSAL:
        return "recommend_universal"
    if decision == Decision.EXISTING_CAF:
        return "record_existing_caf"
    if decision == Decision.STEP_UP:
        return "step_up"
    return (
        "close_at_front_door"
        if stage in (Stage.CONTACT, Stage.SCREENING)
        else "record_contact_outcome"
    )


def _check_decision_fits(case: Case, decision: str, verb_stage: str) -> None:
    verb = decision_verb(decision, verb_stage)
    if verb_stage not in ACTIONS[verb].sources:
        hint = ""
        if decision == Decision.CAF and case.stage in (
            Stage.AWAITING_ALLOCATION,
            Stage.ALLOCATED,
            Stage.TAC,
        ):
            hint = " The family already has a CAF: record “Existing CAF” instead."
        if decision == Decision.EXISTING_CAF:
            hint = " There is no CAF on this case yet."
        raise IllegalTransition(
            case,
            verb,
            f"“{Decision(decision).label}” cannot be recorded for case {case.reference} at stage "
            f"“{case.get_stage_display()}”.{hint}",
        )


def case_screen(
    *,
    case: Case,
    contact: Contact,
    screened_by: User,
    answers: dict[str, str],
    decision: str,
    rationale: str,
    level_override: str = "",
    override_reason: str = "",
    universal_service: Agency | None = None,
    expected_version: int | None = None,
) -> Screening:
    """Screen a contact with the active tool and record the decision.

    A decision overriding the computed level, or at Specialist or Statutory level, waits
    for a senior practitioner's sign-off (the case does not leave the front door);
    any other decision takes effect at once. Atomic; locks the case and the contact.
    Raises ValidationError (field errors), IllegalTransition (the decision does not fit
    the case's stage, or the contact is already screened) or StaleCase.
    """
    validate_free_text(rationale=rationale, override_reason=override_reason)
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = f"Choose a decision: {', '.join(Decision.values)}"
    if not rationale.strip():
        errors["rationale"] = "Enter the rationale for the decision"
    if level_override and level_override not in LevelOfNeed.values:
        errors["level_override"] = f"Unknown level of need {level_override!r}"
    if level_override and not override_reason.strip():
        errors["override_reason"] = "Enter why professional judgement overrides the computed level"
    if decision == Decision.UNIVERSAL:
        if universal_service is None:
            errors["universal_service"] = "Choose the universal service offered to the family"
        elif not universal_service.offers_universal_service:
            errors["universal_service"] = (
                f"{universal_service.name} does not offer a universal service"
            )
    if contact.case_id != case.pk:
        errors["contact"] = "This contact belongs to another case"
    if errors:
        raise ValidationError(errors)
    tool = active_tool()
    result = score_answers(tool, answers)

    with transaction.atomic():
        locked = lock_case(case.pk)
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        already = Screening.objects.filter(
            contact=contact,
            status__in=[Screening.Status.AWAITING_SIGN_OFF, Screening.Status.APPLIED],
        ).exists()
        # Before the policy: the other officer's decision may have taken the case out of
        # this one's reach, and the answer they need is "already screened".
        if contact.screened_at or already:
            raise IllegalTransition(
                locked,
                "screen",
                f"Contact {contact.reference} has already been screened by someone else.",
            )
        action_check(
            case=locked, verb="screen", actor=screened_by, expected_version=expected_version
        )
        level = level_override or result.level
        needs_sign_off = bool(level_override) or level in SIGN_OFF_LEVELS
        apply_stage = (
            Stage.SCREENING if (needs_sign_off and locked.stage == Stage.CONTACT) else locked.stage
        )
        _check_decision_fits(locked, decision, apply_stage)

        screening = Screening.objects.create(
            contact=contact,
            case=locked,
            tool=tool,
            answers=answers,
            score=result.score,
            critical_answers=result.critical,
            computed_level=result.level,
            level_override=level_override,
            override_reason=override_reason.strip(),
            decision=decision,
            rationale=rationale.strip(),
            universal_service=universal_service,
            status=Screening.Status.AWAITING_SIGN_OFF
            if needs_sign_off
            else Screening.Status.APPLIED,
            needs_sign_off=needs_sign_off,
            screened_by=screened_by,
        )
        level_text = f"level {LevelOfNeed(level).label}" + (
            f" (computed {result.level.label}, overridden)" if level_override else ""
        )
        data: dict[str, Any] = {"contact": contact.pk, "score": result.score}
        if needs_sign_off:
            summary = (
                f"Screened: {Decision(decision).label}, {level_text}; "
                "waiting for a senior practitioner's sign-off"
            )
            data.update(decision=decision, **{"from": locked.stage})
            if locked.stage == Stage.CONTACT:
                moved = transition(
                    case_id=locked.pk, verb="submit_for_sign_off", actor=screened_by, record=False
                )
                data["to"] = moved.stage
        else:
            outcome, applied = _apply_decision(screening, actor=screened_by)
            summary = f"Screened at {level_text}: {outcome}"
            data.update(applied)
        # One decision, one entry in the family's chronology, in words the family's
        # worker reads back (no record numbers: the screening is in the data).
        chronology_record(
            family=locked.family,
            case=locked,
            action="screening.decided",
            actor=screened_by,
            summary=summary,
            data={"screening": screening.pk, **data},
        )
    return screening


def screening_sign_off(
    *,
    screening: Screening,
    signed_off_by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Screening:
    """A senior practitioner agrees the decision, which then takes effect. Atomic.

    Nobody signs off their own screening. Raises ValidationError; StaleCase when
    `expected_version` is given and the case has changed since; IllegalTransition if the
    screening is no longer waiting or the decision no longer fits the case.
    """
    validate_free_text(comment=comment)
    with transaction.atomic():
        action_check(
            case=lock_case(screening.case_id),
            verb="sign_off",
            actor=signed_off_by,
            expected_version=expected_version,
            check_stage=False,
        )
        locked = (
            Screening.objects.select_for_update()
            .select_related("case", "contact")
            .get(pk=screening.pk)
        )
        if locked.status != Screening.Status.AWAITING_SIGN_OFF:
            raise IllegalTransition(
                locked.case,
                "sign_off",
                "This screening is no longer waiting for sign-off "
                f"(it is “{locked.get_status_display()}”).",
            )
        if locked.screened_by_id == signed_off_by.pk:
            raise ValidationError(
                {"signed_off_by": "You cannot sign off a screening you did yourself"}
            )
        locked.signed_off_by = signed_off_by
        locked.signed_off_at = timezone.now()
        locked.sign_off_comment = comment.strip()
        locked.status = Screening.Status.APPLIED
        locked.save()
        outcome, applied = _apply_decision(locked, actor=signed_off_by)
        chronology_record(
            family=locked.case.family,
            case=locked.case,
            action="screening.signed_off",
            actor=signed_off_by,
            summary=f"Screening signed off: {outcome}"
            + (f". {comment.strip()}" if comment.strip() else ""),
            data={"screening": locked.pk, **applied},
        )
    return locked


def screening_return(
    *,
    screening: Screening,
    returned_by: User,
    comment: str,
    expected_version: int | None = None,
) -> Screening:
    """A senior practitioner sends the screening back with a comment; the contact
    goes back to the queue to be screened again. Atomic. Raises as screening_sign_off."""
    validate_free_text(comment=comment)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what the officer needs to reconsider"})
    with transaction.atomic():
        case = lock_case(screening.case_id)
        action_check(
            case=case,
            verb="return_screening",
            actor=returned_by,
            expected_version=expected_version,
            check_stage=False,
        )
        locked = Screening.objects.select_for_update().get(pk=screening.pk)
        if locked.status != Screening.Status.AWAITING_SIGN_OFF:
            raise IllegalTransition(
                case, "return_screening", "This screening is no longer waiting for sign-off."
            )
        if locked.screened_by_id == returned_by.pk:
            raise ValidationError(
                {"signed_off_by": "You cannot return a screening you did yourself"}
            )
        locked.status = Screening.Status.RETURNED
        locked.signed_off_by = returned_by
        locked.signed_off_at = timezone.now()
        locked.sign_off_comment = comment.strip()
        locked.save()
        if case.stage == Stage.SCREENING:
            transition(
                case_id=case.pk,
                verb="return_screening_to_contact",
                actor=returned_by,
                summary=f"Screening returned: {comment.strip()}"[:300],
                data={"screening": locked.pk},
            )
        else:
            chronology_record(
                family=case.family,
                case=case,
                action="screening.returned",
                actor=returned_by,
                summary=f"Screening returned: {comment.strip()}"[:300],
                data={"screening": locked.pk},
            )
    return locked


def _apply_decision(screening: Screening, *, actor: User) -> tuple[str, dict[str, Any]]:
    """Carry out a decision: move the case, make the recommendation, mark the contact
    screened. Runs inside the caller's transaction with the case row locked.

    Returns what happened in the officer's words ("CAF recommended, due 4 January 2027;
    sent to Central for allocation") and its data, for the caller's one chronology entry:
    the moves themselves write none (a step-up still writes its own, as every step-up does).
    """
    case = Case.objects.get(pk=screening.case_id)
    decision = screening.decision
    verb = decision_verb(decision, case.stage)
    made_on = timezone.localdate(screening.screened_at)
    changes: dict[str, Any] = {"level_of_need": screening.level}
    data: dict[str, Any] = {
        "decision": decision,
        "case_action": ACTIONS[verb].chronology_action,
        "from": case.stage,
    }
    outcome = ACTIONS[verb].label
    if decision == Decision.STEP_UP:
        case_step_up(
            case=case,
            stepped_up_by=actor,
            reason=screening.rationale,
            level=screening.level,
            screening=screening,
            verb="step_up_at_screening",
        )
        data["to"] = Stage.STEPPED_UP
    else:
        if verb == "close_at_front_door":
            changes["closure_reason"] = ClosureReason.NO_FURTHER_ACTION
            changes["closure_note"] = screening.rationale
            outcome = f"{Decision(decision).label}; case closed"
        elif verb == "record_contact_outcome":
            outcome = f"{Decision(decision).label} on the open case"
        moved = transition(case_id=case.pk, verb=verb, actor=actor, changes=changes, record=False)
        data["to"] = moved.stage
        kind = {Decision.CAF: Recommendation.Kind.CAF, Decision.UNIVERSAL: "universal"}.get(
            decision  # type: ignore[call-overload]
        )
        if kind is not None:
            recommendation = recommendation_make(
                case=moved,
                kind=kind,
                made_on=made_on,
                agency=screening.universal_service if decision == Decision.UNIVERSAL else None,
                screening=screening,
                created_by=actor,
                record=False,
            )
            due = govuk_date(recommendation.due_on)
            data.update(recommendation=recommendation.pk, due_on=recommendation.due_on.isoformat())
            if decision == Decision.CAF:
                where = moved.locality.name if moved.locality else "a locality"
                outcome = f"CAF recommended, due {due}; sent to {where} for allocation"
            else:
                service = screening.universal_service
                outcome = (
                    "Universal service recommended"
                    + (f" ({service.name})" if service else "")
                    + f"; follow up with the family by {due}"
                )
    Contact.objects.filter(pk=screening.contact_id).update(screened_at=timezone.now())
    # A queryset update sends no signal: the front door's flag is refreshed here.
    case_awaiting_screening_refresh(case_ids=[screening.case_id])
    return outcome, data


@transaction.atomic
def screening_tool_copy(*, tool: ScreeningTool) -> ScreeningTool:
    """A new draft version with the same questions, weights and thresholds, to edit."""
    from django.db.models import Max

    from screening.models import ScreeningDomain, ScreeningOption, ScreeningQuestion

    next_version = (ScreeningTool.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = ScreeningTool.objects.create(
        version=next_version,
        name=tool.name,
        status=ScreeningTool.Status.DRAFT,
        universal_plus_from=tool.universal_plus_from,
        targeted_from=tool.targeted_from,
        specialist_from=tool.specialist_from,
        statutory_from=tool.statutory_from,
        notes=f"Copied from version {tool.version}",
    )
    for domain in tool.domains.prefetch_related("questions__options"):
        new_domain = ScreeningDomain.objects.create(
            tool=copy, code=domain.code, title=domain.title, order=domain.order
        )
        for question in domain.questions.all():
            new_question = ScreeningQuestion.objects.create(
                domain=new_domain,
                code=question.code,
                text=question.text,
                help_text=question.help_text,
                order=question.order,
            )
            ScreeningOption.objects.bulk_create(
                ScreeningOption(
                    question=new_question,
                    value=o.value,
                    label=o.label,
                    points=o.points,
                    is_critical=o.is_critical,
                    order=o.order,
                )
                for o in question.options.all()
            )
    return copy


@transaction.atomic
def screening_tool_publish(*, tool: ScreeningTool) -> ScreeningTool:
    """Make a draft version the active one; the previous active version is retired."""
    tool = ScreeningTool.objects.select_for_update().get(pk=tool.pk)
    if tool.status != ScreeningTool.Status.DRAFT:
        raise ValidationError({"tool": "Only a draft version can be published"})
    from screening.models import ScreeningQuestion

    questions = ScreeningQuestion.objects.filter(domain__tool=tool).prefetch_related("options")
    if not questions:
        raise ValidationError({"tool": "A version needs at least one question"})
    for question in questions:
        if len(question.options.all()) < 2:
            raise ValidationError({"tool": f"“{question.text}” needs at least two answers"})
    ScreeningTool.objects.filter(status=ScreeningTool.Status.ACTIVE).update(
        status=ScreeningTool.Status.RETIRED
    )
    tool.status = ScreeningTool.Status.ACTIVE
    tool.published_at = timezone.now()
    tool.save()
    return tool
