"""The layers of STYLE.md and the one-policy rule, as tests (issue 9)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "config",
    "pathway",
    "frontdoor",
    "casework",
    "screening",
    "caf",
    "localities",
    "reporting",
    "governance",
    "partners",
]


def _source_files() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_the_import_layers_hold():
    """config → features (downwards only) → the core; the core imports no feature app."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_no_role_check_outside_the_policy():
    """Only pathway/policy.py asks which role a user holds (and the method's own definition)."""
    offenders = []
    for path in _source_files():
        if path == ROOT / "pathway" / "policy.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "has_role(" in line and "def has_role(" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
            if re.search(r"groups__name", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "role checks outside pathway/policy.py:\n" + "\n".join(offenders)


def test_the_core_reaches_no_feature_module_by_name():
    """Not even lazily, inside a function, where an import contract could be dodged."""
    features = (
        "frontdoor",
        "casework",
        "screening",
        "caf",
        "localities",
        "reporting",
        "governance",
        "demo",
        "demo",
        "partners",
    )
    pattern = re.compile(rf"^\s*(from|import)\s+({'|'.join(features)})\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "pathway").rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.match(line)
    ]
    assert not offenders, offenders
