"""Pages of a list whose count stays cheap at any size (issue 15).

Every list page shows 50 rows in a stable order that an index serves, with the GOV.UK
pagination component (templates/pathway/partials/pagination.html). Counting is what
grows: an exact COUNT(*) over hundreds of thousands of visible cases reads them all. So
the count is exact up to EXACT_COUNT_LIMIT rows (the query stops there) and, beyond that,
on PostgreSQL, the planner's estimate of the rows, shown as "about N"
(`count_is_estimate`); other databases count exactly.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50
# Up to this many rows the count is exact: a person checking a short list sees it right.
EXACT_COUNT_LIMIT = 1000


class ListPaginator(Paginator):
    """A Paginator whose count is exact up to EXACT_COUNT_LIMIT and estimated above it."""

    count_is_estimate = False

    def __init__(self, object_list: QuerySet[Any], per_page: int | None = None) -> None:
        super().__init__(object_list, per_page or PER_PAGE)

    @cached_property
    def count(self) -> int:
        queryset: QuerySet[Any] = self.object_list  # type: ignore[assignment]
        plain = queryset.order_by().values("pk")
        exact = plain[: EXACT_COUNT_LIMIT + 1].count()
        if exact <= EXACT_COUNT_LIMIT or connections[queryset.db].vendor != "postgresql":
            return exact if exact <= EXACT_COUNT_LIMIT else queryset.count()
        plan = json.loads(plain.explain(format="json"))
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        self.count_is_estimate = True
        return max(estimate, exact)


def page_of(request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None) -> Page:
    """The page the request asks for (`?page=`), the last if it asks past the end."""
    paginator = ListPaginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
