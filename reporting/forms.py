"""The dashboard's filter: a period (ISO dates, both days included) and a locality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from reporting.report import Period
from reporting.selectors import period_check


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label="From",
        input_formats=["%Y-%m-%d"],
        help_text="The first day, for example 2026-03-01",
        error_messages={
            "required": "Enter the first day of the period",
            "invalid": "Enter the first day as year-month-day, for example 2026-03-01",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    end = forms.DateField(
        label="To",
        input_formats=["%Y-%m-%d"],
        help_text="The last day, included, for example 2026-03-31",
        error_messages={
            "required": "Enter the last day of the period",
            "invalid": "Enter the last day as year-month-day, for example 2026-03-31",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    locality = forms.ChoiceField(label="Locality", required=False)

    def __init__(self, *args: Any, localities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The URL says from= and to=, as the API does ("from" is a Python keyword).
        self.fields["from"] = self.fields.pop("start")
        self.fields["to"] = self.fields.pop("end")
        self.fields["locality"] = self.fields.pop("locality")
        self.fields["locality"].choices = [("", "All localities")] + [
            (loc.code, loc.name) for loc in localities
        ]
        self.localities = {loc.code: loc for loc in localities}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") and data.get("to"):
            try:
                data["period"] = period_check(data["from"], data["to"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        data["locality_obj"] = self.localities.get(data.get("locality") or "")
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]
