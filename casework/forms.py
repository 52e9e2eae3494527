"""The forms of the case pages: closing and reopening a case."""

from __future__ import annotations

from typing import Any

from django import forms

from pathway.choices import ClosureReason


class CloseCaseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the case is closing"},
    )
    note = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if the reason is ‘Other’",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ClosureReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Explain the reason for closing the case")
        return data


class ReopenCaseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the case being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the case is being reopened"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
