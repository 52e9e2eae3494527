"""Forms for the front door. Each validates one question page of "record a contact"."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.selectors.people import search_date_of_birth_error
from frontdoor.services.contacts import NewPerson, new_person_errors, received_at_error
from pathway.choices import Channel, Consent, LawfulBasis, Sex
from pathway.govuk_forms import DateInputField, NulSafeFormMixin
from pathway.models import PresentingIssue, ReferralSource
from pathway.validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)


class ReceivedForm(NulSafeFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label="How did the contact come in?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact came in"},
    )
    received_date = DateInputField(
        label="Date received",
        label_lower="date received",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the contact was received"},
    )
    received_time = forms.CharField(
        label="Time received",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time the contact was received"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_received_time(self) -> time:
        raw = self.cleaned_data["received_time"].strip().replace(".", ":")
        match = re.fullmatch(r"(\d{1,2}):?(\d{2})", raw)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise forms.ValidationError("Enter a real time, like 09:30 or 14:05")
        return time(int(match.group(1)), int(match.group(2)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, moment = data.get("received_date"), data.get("received_time")
        if isinstance(day, date) and isinstance(moment, time):
            received_at = timezone.make_aware(datetime.combine(day, moment))
            problem = received_at_error(received_at)  # the recording service's rule
            if problem:
                self.add_error("received_date", problem)
            else:
                data["received_at"] = received_at
        return data


class ReferrerForm(NulSafeFormMixin, forms.Form):
    referral_source = forms.ModelChoiceField(
        label="Who made the contact?",
        queryset=ReferralSource.objects.filter(is_active=True),
        to_field_name="code",
        empty_label="Select the referral source",
        error_messages={"required": "Select who made the contact"},
    )
    referrer_name = forms.CharField(
        label="Referrer's name (optional)", required=False, max_length=150
    )
    referrer_organisation = forms.CharField(
        label="Organisation (optional)", required=False, max_length=150
    )
    referrer_phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)
    referrer_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_source"].label_from_instance = lambda s: f"{s.code}: {s.label}"  # type: ignore[attr-defined]


class NewFamilyForm(NulSafeFormMixin, forms.Form):
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=150,
        error_messages={"required": "Enter the first line of the family's address"},
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", required=False, max_length=150
    )
    town = forms.CharField(label="Town or city (optional)", required=False, max_length=80)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter the family's postcode"},
    )
    address_confidential = forms.BooleanField(
        label="This address is confidential (for example, the family has fled domestic abuse)",
        required=False,
    )
    not_a_duplicate = forms.BooleanField(
        label="I have checked the families listed above and this is a different family",
        required=False,
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        validate_postcode(value)
        return normalise_postcode(value)


class PersonForm(NulSafeFormMixin, forms.Form):
    """A new child or adult in the household."""

    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = DateInputField(
        label="Date of birth (optional if not known)",
        label_lower="date of birth",
        required=False,
        help_text="For example, 27 3 2019",
    )
    unborn = forms.BooleanField(label="Not born yet (an unborn child)", required=False)
    expected_date = DateInputField(
        label="Expected date of birth",
        label_lower="expected date of birth",
        required=False,
        help_text="Only for an unborn child",
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.NOT_KNOWN
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=12,
        help_text="10 digits, for example 485 777 3456",
    )
    not_a_duplicate = forms.BooleanField(
        label="I have checked the people listed above and this is a different person",
        required=False,
    )

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"]
        if value.strip():
            validate_nhs_number(value)
        return normalise_nhs_number(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, expected = data.get("date_of_birth"), data.get("expected_date")
        # What the "Not born yet" box means is this page's; the rules for the dates and
        # the NHS number are the recording service's, shown next to their fields.
        if data.get("unborn"):
            if born:
                self.add_error("date_of_birth", "Leave the date of birth empty for an unborn child")
            if not expected and "expected_date" not in self.errors:
                self.add_error("expected_date", "Enter the expected date of birth")
        elif expected:
            self.add_error("expected_date", "Only enter an expected date for an unborn child")
        if self.errors:
            return data
        person = NewPerson(
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
            date_of_birth=born,
            expected_date=expected,
            nhs_number=data.get("nhs_number", ""),
        )
        for name, message in new_person_errors(person).items():
            if name == "date_of_birth" and born and born > timezone.localdate():
                message = (
                    "The date of birth must be today or in the past. For an unborn child, "
                    "select 'Not born yet' and enter the expected date"
                )
            self.add_error(name, message)
        return data


class ReasonForm(NulSafeFormMixin, forms.Form):
    reason = forms.CharField(
        label="What is the contact about, in the caller's words?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter the reason for the contact"},
    )
    primary_issue = forms.ModelChoiceField(
        label="Primary presenting issue",
        queryset=PresentingIssue.objects.filter(is_active=True),
        to_field_name="code",
        empty_label="Select the primary issue",
        error_messages={"required": "Select the primary presenting issue"},
    )
    secondary_issues = forms.ModelMultipleChoiceField(
        label="Secondary presenting issues (optional)",
        queryset=PresentingIssue.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("primary_issue", "secondary_issues"):
            self.fields[name].label_from_instance = lambda i: f"{i.code}: {i.label}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        primary, secondary = data.get("primary_issue"), data.get("secondary_issues")
        if primary and secondary and primary in secondary:
            self.add_error("secondary_issues", "A secondary issue cannot repeat the primary issue")
        return data


class ConsentForm(NulSafeFormMixin, forms.Form):
    consent_to_share = forms.ChoiceField(
        label="Has the family consented to information being shared with partner agencies?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family consented to sharing"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing without consent",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only if consent to share was refused or not sought",
    )
    consent_to_contact = forms.ChoiceField(
        label="Has the family agreed to be contacted by services?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family agreed to be contacted"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consent = data.get("consent_to_share")
        if consent and consent != Consent.GIVEN and not data.get("lawful_basis"):
            self.add_error(
                "lawful_basis",
                "Select the lawful basis for sharing, because consent to share was not given",
            )
        if consent == Consent.GIVEN:
            data["lawful_basis"] = ""
        return data


class PeopleSearchForm(NulSafeFormMixin, forms.Form):
    q = forms.CharField(
        label="Search for a person or family",
        required=False,
        max_length=200,
        help_text="Name, date of birth, postcode or NHS number, for example “Jon Smyth 12/03/2018”",
    )
    date_of_birth = DateInputField(
        label="Date of birth (optional)", label_lower="date of birth", required=False
    )
    dob_window = forms.ChoiceField(
        label="How sure is the caller of the date of birth?",
        required=False,
        choices=[("0", "Exact"), ("31", "Within a month"), ("366", "Within a year")],
        initial="0",
    )
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        if value is not None:
            problem = search_date_of_birth_error(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if value.strip():
            validate_postcode(value)
            return normalise_postcode(value)
        return ""


class MergePeopleForm(NulSafeFormMixin, forms.Form):
    duplicate = forms.IntegerField(
        label="Record number of the duplicate to merge into this one",
        help_text="The number shown as ‘Record P…’ on the other person's page, without the P",
        error_messages={"required": "Enter the record number of the duplicate"},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why these records are the same person"},
    )
