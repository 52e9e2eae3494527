"""Which decisions fit which level of need: the warning the officer sees before recording
a decision that does not (issue 11). Every row is written out by hand."""

from __future__ import annotations

import pytest

from screening.scoring import decision_fit_warning

CAF_MISFIT = "A CAF is for Universal Plus or Targeted needs."
EXISTING_MISFIT = "Joining the existing CAF is for needs below Specialist."
UNIVERSAL_MISFIT = "A universal recommendation is for Universal or Universal Plus needs."
STEP_UP_MISFIT = "A step-up to social care is for Specialist or Statutory needs."
ADVICE_MISFIT = "Information and advice is for Universal or Universal Plus needs."
NFA_MISFIT = "No further action is for Universal or Universal Plus needs."


@pytest.mark.parametrize(
    "decision, level, warning",
    [
        (
            "caf",
            "universal",
            f"“CAF recommendation” does not usually fit Universal level. {CAF_MISFIT}",
        ),
        ("caf", "universal_plus", ""),
        ("caf", "targeted", ""),
        (
            "caf",
            "specialist",
            f"“CAF recommendation” does not usually fit Specialist level. {CAF_MISFIT}",
        ),
        (
            "caf",
            "statutory",
            f"“CAF recommendation” does not usually fit Statutory level. {CAF_MISFIT}",
        ),
        ("existing_caf", "universal", ""),
        ("existing_caf", "universal_plus", ""),
        ("existing_caf", "targeted", ""),
        (
            "existing_caf",
            "specialist",
            f"“Existing CAF” does not usually fit Specialist level. {EXISTING_MISFIT}",
        ),
        (
            "existing_caf",
            "statutory",
            f"“Existing CAF” does not usually fit Statutory level. {EXISTING_MISFIT}",
        ),
        ("universal", "universal", ""),
        ("universal", "universal_plus", ""),
        (
            "universal",
            "targeted",
            f"“Universal recommendation” does not usually fit Targeted level. {UNIVERSAL_MISFIT}",
        ),
        (
            "universal",
            "specialist",
            f"“Universal recommendation” does not usually fit Specialist level. {UNIVERSAL_MISFIT}",
        ),
        (
            "universal",
            "statutory",
            f"“Universal recommendation” does not usually fit Statutory level. {UNIVERSAL_MISFIT}",
        ),
        (
            "step_up",
            "universal",
            f"“Step up to social care” does not usually fit Universal level. {STEP_UP_MISFIT}",
        ),
        (
            "step_up",
            "universal_plus",
            f"“Step up to social care” does not usually fit Universal Plus level. {STEP_UP_MISFIT}",
        ),
        (
            "step_up",
            "targeted",
            f"“Step up to social care” does not usually fit Targeted level. {STEP_UP_MISFIT}",
        ),
        ("step_up", "specialist", ""),
        ("step_up", "statutory", ""),
        ("advice", "universal", ""),
        ("advice", "universal_plus", ""),
        (
            "advice",
            "targeted",
            f"“Information and advice” does not usually fit Targeted level. {ADVICE_MISFIT}",
        ),
        (
            "advice",
            "specialist",
            f"“Information and advice” does not usually fit Specialist level. {ADVICE_MISFIT}",
        ),
        (
            "advice",
            "statutory",
            f"“Information and advice” does not usually fit Statutory level. {ADVICE_MISFIT}",
        ),
        ("nfa", "universal", ""),
        ("nfa", "universal_plus", ""),
        (
            "nfa",
            "targeted",
            f"“No further action” does not usually fit Targeted level. {NFA_MISFIT}",
        ),
        (
            "nfa",
            "specialist",
            f"“No further action” does not usually fit Specialist level. {NFA_MISFIT}",
        ),
        (
            "nfa",
            "statutory",
            f"“No further action” does not usually fit Statutory level. {NFA_MISFIT}",
        ),
        # Unknown values are the service's field errors, not a fit warning.
        ("adopt", "universal", ""),
        ("caf", "", ""),
        ("caf", "severe", ""),
    ],
)
def test_the_decision_fits_the_level_or_says_why_not(decision, level, warning):
    assert decision_fit_warning(decision, level) == warning
