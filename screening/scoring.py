"""Turning a screening's answers into a score and a level on the continuum of need."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from pathway.choices import LevelOfNeed
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
