"""The project's own docs stand alone and stay true: links resolve, the worked examples are
what the calendar computes, and the code lists are the ones the migration loads."""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path

from pathway.calendar import WorkingDayCalendar

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", "docs/domain.md", "docs/workflow.md", "docs/roles.md", "docs/code-lists.md"]
CODE_LISTS = importlib.import_module("pathway.migrations.0003_code_lists")


def test_every_local_link_resolves_inside_the_repository():
    broken = []
    for name in DOCS:
        path = ROOT / name
        for target in re.findall(r"\]\(([^)#]+)\)", path.read_text()):
            if "://" in target:
                continue
            resolved = (path.parent / target).resolve()
            if not resolved.exists() or (ROOT not in resolved.parents and resolved != ROOT):
                broken.append(f"{name}: {target}")
    assert broken == []


def test_the_readme_sends_newcomers_to_docs_not_to_a_folder_a_clone_lacks():
    readme = (ROOT / "README.md").read_text()
    for page in ["docs/domain.md", "docs/workflow.md", "docs/roles.md", "docs/code-lists.md"]:
        assert f"]({page})" in readme
    assert "](../shared" not in readme
    assert "DESIGN §" not in readme
    assert "make run" in readme and "make test" in readme


def test_the_worked_examples_are_what_the_calendar_computes():
    workflow = (ROOT / "docs/workflow.md").read_text()
    assert "Made Monday 21 December 2026 → due Thursday 21 January 2027" in workflow
    assert "Made Friday 27 March 2026 → due Tuesday 28 April 2026" in workflow
    calendar = WorkingDayCalendar()
    assert calendar.add_working_days(date(2026, 12, 21), 20) == date(2027, 1, 21)
    assert calendar.add_working_days(date(2026, 3, 27), 20) == date(2026, 4, 28)


def test_code_lists_doc_has_every_loaded_code_and_label():
    text = (ROOT / "docs/code-lists.md").read_text()
    for code, label in CODE_LISTS.REFERRAL_SOURCES:
        assert f"| {code} | {label} |" in text
    for code, label in CODE_LISTS.OUTCOME_AREAS:
        assert f"| {code} | {label} |" in text
    for code, factor, _subject, label in CODE_LISTS.PRESENTING_ISSUES:
        if int(factor) <= 6:
            assert f"{factor}A, {factor}B, {factor}C" in text
        else:
            assert f"| {code} | {label} |" in text


def test_code_lists_doc_has_every_closure_reason():
    from pathway.choices import ClosureReason

    text = (ROOT / "docs/code-lists.md").read_text()
    for reason in ClosureReason:
        assert f"| `{reason.value}` | {reason.label}" in text
