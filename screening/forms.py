from __future__ import annotations

from typing import Any

from django import forms

from localities.models import Agency
from pathway.choices import LevelOfNeed
from screening.models import Decision, ScreeningQuestion


class AnswersForm(forms.Form):
    """One radio question per screening question of the tool version in use."""

    def __init__(self, *args: Any, questions: list[ScreeningQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q_{question.code}"] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(o.value, o.label) for o in question.options.all()],
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer “{question.text}”"},
            )

    def answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data[f"q_{q.code}"] for q in self.questions}

    def by_domain(self) -> list[tuple[str, list[forms.BoundField]]]:
        grouped: dict[str, list[forms.BoundField]] = {}
        for question in self.questions:
            grouped.setdefault(question.domain.title, []).append(self[f"q_{question.code}"])
        return list(grouped.items())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    universal_service = forms.ModelChoiceField(
        label="Universal service offered (for a universal recommendation)",
        queryset=Agency.objects.filter(offers_universal_service=True, is_active=True),
        to_field_name="code",
        required=False,
        empty_label="Choose a service",
    )
    level_override = forms.ChoiceField(
        label="Level of need",
        choices=[("", "Agree with the computed level"), *LevelOfNeed.choices],
        required=False,
        help_text=(
            "Use professional judgement to change the level: a senior practitioner must sign it off"
        ),
    )
    override_reason = forms.CharField(
        label="Why the level is different (if you change it)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    rationale = forms.CharField(
        label="Rationale for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the rationale for the decision"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, computed_level: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.computed_level = computed_level

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        override = data.get("level_override")
        if override and override == self.computed_level:
            data["level_override"] = ""  # the same level is not an override
        elif override and not (data.get("override_reason") or "").strip():
            self.add_error(
                "override_reason", "Enter why professional judgement overrides the computed level"
            )
        if data.get("decision") == Decision.UNIVERSAL and not data.get("universal_service"):
            self.add_error(
                "universal_service", "Choose the universal service offered to the family"
            )
        return data


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you return the screening to the officer",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
