"""Turning a screening's answers into a score and a level on the continuum of need."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from pathway.choices import Decision, LevelOfNeed
from screening.models import ScreeningQuestion, ScreeningTool


@dataclass(frozen=True)
class ScoreResult:
    score: int
    level: LevelOfNeed
    critical: list[str] = field(default_factory=list)


def tool_questions(tool: ScreeningTool) -> list[ScreeningQuestion]:
    """All the tool's questions with their options, in order, in two queries."""
    return list(
        ScreeningQuestion.objects.filter(domain__tool=tool)
        .select_related("domain")
        .prefetch_related("options")
        .order_by("domain__order", "domain__pk", "order", "pk")
    )


def score_answers(
    tool: ScreeningTool,
    answers: dict[str, str],
    questions: list[ScreeningQuestion] | None = None,
) -> ScoreResult:
    """Sum the weights of the chosen answers and map the total to a level.

    Any critical answer makes the level Statutory whatever the total. Every question
    must be answered (with "not known" where the tool offers it). Raises
    ValidationError keyed by question code for a missing or unknown answer.
    """
    questions = questions if questions is not None else tool_questions(tool)
    errors: dict[str, str] = {}
    score = 0
    critical: list[str] = []
    known_codes = {q.code for q in questions}
    for code in answers:
        if code not in known_codes:
            errors[code] = f"There is no question {code!r} in version {tool.version} of the tool"
    for question in questions:
        chosen = answers.get(question.code)
        if not chosen:
            errors[question.code] = f"Answer “{question.text}”"
            continue
        option = next((o for o in question.options.all() if o.value == chosen), None)
        if option is None:
            errors[question.code] = f"{chosen!r} is not an answer to “{question.text}”"
            continue
        score += option.points
        if option.is_critical:
            critical.append(question.code)
    if errors:
        raise ValidationError(
            {"answers": [f"{code}: {message}" for code, message in errors.items()]}
        )
    level = LevelOfNeed.STATUTORY if critical else tool.level_for(score)
    return ScoreResult(score=score, level=level, critical=critical)


# The levels each decision usually answers (the continuum of need: Universal and Universal
# Plus are met by universal services, Targeted by a multi-agency CAF, Specialist and
# Statutory by children's social care). A decision outside its levels is allowed,
# professional judgement may have reasons, but the officer is warned before recording it.
_DECISION_FITS: dict[str, tuple[frozenset[LevelOfNeed], str]] = {
    Decision.CAF: (
        frozenset({LevelOfNeed.UNIVERSAL_PLUS, LevelOfNeed.TARGETED}),
        "A CAF is for Universal Plus or Targeted needs.",
    ),
    Decision.EXISTING_CAF: (
        frozenset({LevelOfNeed.UNIVERSAL, LevelOfNeed.UNIVERSAL_PLUS, LevelOfNeed.TARGETED}),
        "Joining the existing CAF is for needs below Specialist.",
    ),
    Decision.UNIVERSAL: (
        frozenset({LevelOfNeed.UNIVERSAL, LevelOfNeed.UNIVERSAL_PLUS}),
        "A universal recommendation is for Universal or Universal Plus needs.",
    ),
    Decision.STEP_UP: (
        frozenset({LevelOfNeed.SPECIALIST, LevelOfNeed.STATUTORY}),
        "A step-up to social care is for Specialist or Statutory needs.",
    ),
    Decision.ADVICE: (
        frozenset({LevelOfNeed.UNIVERSAL, LevelOfNeed.UNIVERSAL_PLUS}),
        "Information and advice is for Universal or Universal Plus needs.",
    ),
    Decision.NFA: (
        frozenset({LevelOfNeed.UNIVERSAL, LevelOfNeed.UNIVERSAL_PLUS}),
        "No further action is for Universal or Universal Plus needs.",
    ),
}


def decision_fit_warning(decision: str, level: str) -> str:
    """What to warn the officer about when `decision` does not fit the level of need
    `level` (the level decided: the override when there is one); "" when it fits, or
    when either is unknown (the service reports unknown values as field errors)."""
    if decision not in _DECISION_FITS or level not in LevelOfNeed.values:
        return ""
    fits, explanation = _DECISION_FITS[decision]
    if LevelOfNeed(level) in fits:
        return ""
    return (
        f"“{Decision(decision).label}” does not usually fit {LevelOfNeed(level).label} "
        f"level. {explanation}"
    )
