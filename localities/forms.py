from __future__ import annotations

from typing import Any

from django import forms

from localities.models import Team
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
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, teams: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]
