from __future__ import annotations

from typing import Any

from django import forms

from caf.models import AssessmentNeed, Recommendation, StepUp, TacMember, TacPlan
from localities.models import Agency, Team
from pathway.choices import ClosureReason, LevelOfNeed
from pathway.govuk_forms import DateInputField
from pathway.models import OutcomeArea, User


class StepUpForm(forms.Form):
    reason = forms.CharField(
        label="Why does this family need children's social care?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the case is being stepped up"},
    )
    level = forms.ChoiceField(
        label="Level of need",
        choices=LevelOfNeed.choices,
        initial=LevelOfNeed.STATUTORY,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepDownForm(forms.Form):
    family = forms.IntegerField(
        label="Family record number",
        help_text="The number shown as ‘Family F…’, without the F",
        error_messages={"required": "Enter the family's record number"},
    )
    reason = forms.CharField(
        label="Why is social care stepping the family down?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why social care is stepping the family down"},
    )
    plan = forms.CharField(
        label="What CAF or Team Around the Family should be put in place?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the CAF or Team Around the Family to be put in place"},
    )
    social_worker = forms.CharField(
        label="Social worker (optional)", required=False, max_length=150
    )


class AssessmentForm(forms.Form):
    """The CAF assessment; one strengths/needs pair per outcome area is added in __init__."""

    family_views = forms.CharField(
        label="The family's views, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    child_views = forms.CharField(
        label="The child's views, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    summary = forms.CharField(
        label="Summary of the assessment", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, areas: Any, children: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        # Each child's views, heard one by one; the shared box is for a family with no
        # child recorded yet (or what the children said together).
        self.children = list(children)
        for child in self.children:
            self.fields[f"views_{child.pk}"] = forms.CharField(
                label=f"{child.full_name}'s views, in their own words",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if self.children:
            self.fields["child_views"].label = "What the children said together (optional)"
        for area in self.areas:
            self.fields[f"strengths_{area.code}"] = forms.CharField(
                label="Strengths", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"needs_{area.code}"] = forms.CharField(
                label="Needs", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def child_fields(self) -> list[forms.BoundField]:
        return [self[f"views_{child.pk}"] for child in self.children]

    def children_views(self) -> dict[int, str]:
        return {child.pk: self.cleaned_data[f"views_{child.pk}"] for child in self.children}

    def by_area(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"strengths_{a.code}"], self[f"needs_{a.code}"]) for a in self.areas]


class MemberForm(forms.Form):
    """A member is someone with an account here (chosen from the list), or a named
    professional from outside (name, role, organisation and how to reach them)."""

    user = forms.ModelChoiceField(
        label="Someone who uses this service (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone from outside: give their details below",
        help_text="Their name, role and agency come from their account",
    )
    name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.CharField(label="Role (optional)", max_length=150, required=False)
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=150,
        required=False,
        help_text="If their agency is not in the list below, for example a GP practice",
    )
    contact_details = forms.CharField(
        label="Phone number or email address (optional)", max_length=200, required=False
    )
    agency = forms.ModelChoiceField(
        label="Agency (optional)",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="No agency",
    )
    called_in_team = forms.ModelChoiceField(
        label="Borough-wide team called in (optional)",
        queryset=Team.objects.filter(
            locality__isnull=True, kind=Team.Kind.SPECIALIST, is_active=True
        ),
        required=False,
        empty_label="None",
        help_text="For example, youth offending: they join without taking the case over",
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u}, {u.job_title}" if u.job_title else str(u)
        )


class MeetingForm(forms.Form):
    held_on = DateInputField(label="Date of the meeting", label_lower="date of the meeting")
    attendees = forms.ModelMultipleChoiceField(
        label="Who attended",
        queryset=TacMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_attendees = forms.CharField(
        label="Others who attended (optional)",
        required=False,
        max_length=300,
        help_text="For example, mum and the eldest child",
    )
    minutes = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the minutes of the meeting"},
    )

    def __init__(self, *args: Any, plan: TacPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = plan.members.filter(left_on__isnull=True)  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Describe the action"},
    )
    owner = forms.ModelChoiceField(
        label="Owned by",
        queryset=TacMember.objects.none(),
        empty_label="Choose a team member",
        error_messages={"required": "Choose who owns the action"},
    )
    due_on = DateInputField(label="Due by", label_lower="due date")
    outcome_area = forms.ModelChoiceField(
        label="Outcome area (optional)",
        queryset=OutcomeArea.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label="None",
    )

    def __init__(self, *args: Any, plan: TacPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan.members.filter(left_on__isnull=True)  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    reviewed_on = DateInputField(label="Date of the review", label_lower="date of the review")
    progress = forms.CharField(
        label="Progress against the plan",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the progress made against the plan"},
    )
    family_views = forms.CharField(
        label="The family's views (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class TacCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the Team Around the Family closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the plan is closing"},
    )
    note = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        for need in self.needs:
            self.fields[f"outcome_{need.pk}"] = forms.ChoiceField(
                label=need.outcome_area.label,
                choices=AssessmentNeed.Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Record the outcome for {need.outcome_area.label}"},
            )

    def outcome_fields(self) -> list[forms.BoundField]:
        return [self[f"outcome_{need.pk}"] for need in self.needs]

    def outcomes(self) -> dict[int, str]:
        return {need.pk: self.cleaned_data[f"outcome_{need.pk}"] for need in self.needs}


class FollowUpForm(forms.Form):
    uptake = forms.ChoiceField(
        label="Did the family take up the offer?",
        choices=Recommendation.Uptake.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the family took up the offer"},
    )
    satisfaction = forms.TypedChoiceField(
        label="How satisfied was the family?",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            (5, "5 – very satisfied"),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            (1, "1 – very dissatisfied"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="What the family said (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepUpOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did children's social care decide?",
        choices=StepUp.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose social care's decision"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
