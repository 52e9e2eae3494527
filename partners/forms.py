from __future__ import annotations

from django import forms

from localities.models import Agency
from partners.models import PartnerNote
from pathway.choices import Consent, LawfulBasis, ShareBasis, SharePart, ShareScope
from pathway.govuk_forms import DateInputField
from pathway.models import PresentingIssue
from pathway.validators import normalise_postcode, validate_postcode


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Which agency should see this case?",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency to share the case with"},
    )
    purpose = forms.CharField(
        label="Why does the agency need to see it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the agency needs to see this case"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=ShareBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the lawful basis for sharing"},
    )
    safeguarding_reason = forms.CharField(
        label="Safeguarding reason (when sharing without consent)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    protocol_reference = forms.CharField(
        label="Information-sharing protocol reference",
        max_length=100,
        error_messages={"required": "Enter the information-sharing protocol reference"},
    )
    scope = forms.ChoiceField(
        label="What is shared?",
        choices=ShareScope.choices,
        initial=ShareScope.WHOLE,
        widget=forms.RadioSelect,
    )
    parts = forms.MultipleChoiceField(
        label="Parts shared (with named parts)",
        choices=SharePart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ends_on = DateInputField(label="End date (optional)", label_lower="end date", required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is the share being revoked?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the share is being revoked"},
    )


class PartnerNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=PartnerNote.Kind.choices,
        initial=PartnerNote.Kind.UPDATE,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Update or note",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the update or note"},
    )
    restricted = forms.BooleanField(
        label="Restricted: only my agency and the council may read it", required=False
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why can your agency not take on this CAF work?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why your agency cannot take on this CAF work"},
    )


class SupportRequestForm(forms.Form):
    """A partner's request for support: one child (and optionally a parent or carer), the
    family's address, what the concern is, and consent."""

    child_given_name = forms.CharField(
        label="Child's first name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    child_family_name = forms.CharField(
        label="Child's last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    child_date_of_birth = DateInputField(
        label="Child's date of birth (optional)", label_lower="date of birth", required=False
    )
    adult_given_name = forms.CharField(
        label="Parent or carer's first name (optional)", max_length=100, required=False
    )
    adult_family_name = forms.CharField(
        label="Parent or carer's last name (optional)", max_length=100, required=False
    )
    address_line_1 = forms.CharField(label="Address", max_length=150, required=False)
    postcode = forms.CharField(
        label="Postcode", max_length=10, error_messages={"required": "Enter the family's postcode"}
    )
    reason = forms.CharField(
        label="What support does the family need, and why?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter what support the family needs"},
    )
    primary_issue = forms.ModelChoiceField(
        label="Main concern",
        queryset=PresentingIssue.objects.filter(is_active=True),
        empty_label="Choose the main concern",
        error_messages={"required": "Choose the main concern"},
    )
    consent = forms.ChoiceField(
        label="Has the family agreed to this request being shared?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the family agreed"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis (when the family has not agreed)",
        choices=[("", "Choose a lawful basis"), *LawfulBasis.choices],
        required=False,
    )

    def clean_postcode(self) -> str:
        postcode: str = self.cleaned_data["postcode"]
        try:
            validate_postcode(postcode)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return normalise_postcode(postcode)
