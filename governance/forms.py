from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from pathway.govuk_forms import DateInputField, NulSafeFormMixin
from pathway.models import AccessLogEntry
from pathway.selectors.audit import AccessLogFilters

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class AccessLogSearchForm(NulSafeFormMixin, forms.Form):
    """The auditor's search of the access log (GET). A value that does not parse is an
    error next to its field, and the log is searched by the others."""

    record = forms.CharField(
        label="Person name or record reference",
        required=False,
        max_length=100,
        help_text="For example, Amelia Okonkwo, P000123, F000045 or C000678",
    )
    user = forms.CharField(
        label="User name or username", required=False, max_length=100, help_text="Who read it"
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything"), *AccessLogEntry.Action.choices],
        error_messages={"invalid_choice": "Select what they did from the list"},
    )
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        max_length=100,
        help_text="Words from the reason given, or the page, for example CAF assessment",
    )
    date_from = DateInputField(
        label="From", required=False, label_lower="from date", help_text="For example, 1 12 2026"
    )
    date_to = DateInputField(
        label="To", required=False, label_lower="to date", help_text="For example, 8 12 2026"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, "Enter a date between 1 1 2000 and 31 12 2100")
                data[name] = None
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

    def filters(self) -> AccessLogFilters:
        """The filters from the fields that parsed (all of them when the form is valid)."""
        if not self.is_bound:
            return AccessLogFilters()
        self.is_valid()
        data = self.cleaned_data
        return AccessLogFilters(
            record=data.get("record") or "",
            user=data.get("user") or "",
            action=data.get("action") or "",
            purpose=data.get("purpose") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if not self.has_error("date_to") else None,
        )


class SubjectAccessStartForm(NulSafeFormMixin, forms.Form):
    person = forms.CharField(
        label="Person record number",
        max_length=12,
        help_text="For example, P000123 (from the person’s record or the access log)",
        error_messages={"required": "Enter the person’s record number"},
    )

    def clean_person(self) -> int:
        text = self.cleaned_data["person"].strip().upper().removeprefix("P")
        if not text.isdigit() or len(text) > 9:
            raise forms.ValidationError("Enter a record number like P000123")
        return int(text)


class RestrictionForm(NulSafeFormMixin, forms.Form):
    record = forms.CharField(
        label="Person or family reference",
        max_length=12,
        help_text="For example, P000123 or F000045",
        error_messages={"required": "Enter the person’s or family’s reference"},
    )
    allowed = forms.CharField(
        label="Who may open it",
        max_length=1000,
        required=False,
        help_text="Usernames, separated by commas. You are added yourself.",
    )
    reason = forms.CharField(
        label="Why is it restricted?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the record is restricted"},
    )

    def clean_record(self) -> tuple[str, int]:
        text = self.cleaned_data["record"].strip().upper()
        kind = {"P": "person", "F": "family"}.get(text[:1])
        number = text[1:]
        if kind is None or not number.isdigit() or len(number) > 9:
            raise forms.ValidationError("Enter a reference like P000123 or F000045")
        return kind, int(number)

    def clean_allowed(self) -> list[str]:
        return sorted(
            {name.strip() for name in self.cleaned_data["allowed"].split(",") if name.strip()}
        )
