from __future__ import annotations

from django import forms

from pathway.choices import LevelOfNeed


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
