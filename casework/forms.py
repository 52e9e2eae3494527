"""The forms of the case pages: the cases list's search and filters, closing and reopening."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from pathway.choices import ClosureReason, Stage
from pathway.govuk_forms import DateInputField
from pathway.models import User
from pathway.selectors.cases import UNALLOCATED, CaseFilters

NOT_ALLOCATED = "none"


def _lead_professional(value: str) -> int:
    return UNALLOCATED if value == NOT_ALLOCATED else int(value)


class CaseFilterForm(forms.Form):
    """The cases list's search and filters (GET). A value that does not parse is an error
    next to its field, and the list is filtered by the others."""

    q = forms.CharField(
        label="Family name or case reference",
        required=False,
        max_length=100,
        help_text="For example, Okonkwo or C000123",
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "All stages"), *Stage.choices],
        error_messages={"invalid_choice": "Select a stage from the list"},
    )
    locality = forms.TypedChoiceField(
        label="Locality",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a locality from the list"},
    )
    lead_professional = forms.TypedChoiceField(
        label="Lead professional",
        required=False,
        coerce=_lead_professional,
        empty_value=None,
        error_messages={"invalid_choice": "Select a lead professional from the list"},
    )
    due_before = DateInputField(
        label="Due before",
        required=False,
        label_lower="due date",
        help_text="For example, 27 3 2027",
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        localities: Iterable[Any] = (),
        lead_professionals: Iterable[User] = (),
    ) -> None:
        super().__init__(data)
        self.fields["locality"].choices = [  # type: ignore[attr-defined]
            ("", "All localities"),
            *((str(locality.pk), locality.name) for locality in localities),
        ]
        self.fields["lead_professional"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            (NOT_ALLOCATED, "Not allocated"),
            *((str(user.pk), user.get_full_name() or user.username) for user in lead_professionals),
        ]

    def filters(self, *, today: date | None = None) -> CaseFilters:
        """The filters from the fields that parsed (all of them when the form is valid)."""
        if not self.is_bound:
            return CaseFilters()
        self.is_valid()
        data = self.cleaned_data
        due_before: date | None = data.get("due_before")
        if data.get("overdue"):
            today = today or timezone.localdate()
            due_before = min(due_before, today) if due_before else today
        return CaseFilters(
            q=data.get("q") or "",
            stage=data.get("stage") or "",
            locality_id=data.get("locality"),
            lead_professional_id=data.get("lead_professional"),
            due_before=due_before,
        )


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
