"""caf's answers to the core's signals."""

from __future__ import annotations

from typing import Any

from caf.services import recommendations_withdraw
from pathway.models import Case, User


def withdraw_recommendations_on_close(*, case: Case, actor: User | None, **kwargs: Any) -> None:
    recommendations_withdraw(case=case, actor=actor, why="case closed")
