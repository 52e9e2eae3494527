from __future__ import annotations

from typing import Any

from django import forms

from localities.models import Locality, Team
from pathway.models import User


class AllocateForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={"required": "Choose the team"},
    )
    worker = forms.ModelChoiceField(
        label="Lead professional",
        queryset=User.objects.none(),
        empty_label="Choose a lead professional",
        error_messages={"required": "Choose the lead professional"},
    )
    reason = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    allow_over_capacity = forms.BooleanField(
        label="Allocate even though this worker is at or over capacity", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, teams: Any, workers: Any, reason_required: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
        if reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].label = "Why is the case being reallocated?"
            self.fields["reason"].error_messages["required"] = (
                "Enter why the case is being reallocated"
            )


class TransferForm(forms.Form):
    locality = forms.ModelChoiceField(
        label="Locality to transfer to",
        queryset=Locality.objects.none(),
        empty_label="Choose a locality",
        error_messages={"required": "Choose the locality"},
    )
    reason = forms.CharField(
        label="Why is the case moving?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the case is moving to another locality"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, exclude: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.filter(is_active=True).exclude(
            pk=exclude
        )  # type: ignore[attr-defined]


class FamilyLocalityForm(forms.Form):
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=Locality.objects.filter(is_active=True),
        empty_label="Choose a locality",
        error_messages={"required": "Choose the locality"},
    )
    reason = forms.CharField(
        label="Why is the family's locality changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the family's locality is changing"},
        help_text="For example, the family lives on a boundary and the school is over it",
    )
