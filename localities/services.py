from __future__ import annotations

from localities.models import Locality, PostcodeArea
from pathway.validators import postcode_prefixes


def locality_for_postcode(postcode: str) -> Locality | None:
    """The locality serving a postcode; the longest configured prefix wins.

    Prefixes are tried sector first ("SK4 2"), then district ("SK4"), then area ("SK").
    """
    prefixes = postcode_prefixes(postcode)
    if not prefixes:
        return None
    areas = {
        area.prefix: area.locality
        for area in PostcodeArea.objects.filter(
            prefix__in=prefixes, locality__is_active=True
        ).select_related("locality")
    }
    for prefix in prefixes:
        if prefix in areas:
            return areas[prefix]
    return None
