"""A family as people name it: "Okonkwo-Brennan family, 14 Hollins Lane", and its children.

Both read the household a list prefetched (pathway.selectors.families.household_prefetch),
so a list shows them for one query however many rows it has.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from pathway import policy
from pathway.models import Family

register = template.Library()


@register.simple_tag(takes_context=True)
def family_name(context: template.Context, family: Family) -> str:
    """The family's display name for the signed-in viewer: without a confidential address
    unless the policy lets them see it. With no viewer, the address is withheld."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    show = user is not None and policy.can_see_confidential_address(user)
    return family.display_name(show_address=show)


@register.simple_tag
def family_children(family: Family) -> str:
    """The children living in the household, eldest first, with their ages:
    "Amara Okonkwo-Brennan (7), Tobi Okonkwo-Brennan (3)"."""
    today = timezone.localdate()
    return ", ".join(
        f"{child.full_name} ({child.age_label(today)})" for child in family.children_now()
    )
