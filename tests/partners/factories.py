"""Factories for sharing with partner agencies."""

from __future__ import annotations

import factory

from pathway.choices import Role, ShareBasis, ShareScope
from pathway.models import Share
from tests.localities.factories import AgencyFactory
from tests.pathway.factories import CaseFactory, MembershipFactory, UserFactory


class ShareFactory(factory.django.DjangoModelFactory):
    """A live share of the whole case, with consent (no chronology event: the service
    writes that, and its tests count it)."""

    class Meta:
        model = Share

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory)
    purpose = "Health visitor to support mum with the baby's routines"
    lawful_basis = ShareBasis.CONSENT
    protocol_reference = "ISP-2026-014"
    scope = ShareScope.WHOLE
    shared_by = factory.SubFactory(UserFactory, role=Role.LOCALITY_LEADER)


def partner_of(agency: object, username: str) -> object:
    """A partner practitioner working for `agency`."""
    user = UserFactory(username=username, role=Role.PARTNER)
    MembershipFactory(user=user, agency=agency)
    return user
