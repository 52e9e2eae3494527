"""share_create and share_revoke: recorded, revocable, consent respected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pathway import policy
from pathway.models import ChronologyEvent, Notification, OutboxMessage, Share
from pathway.services.shares import SharingNotPermitted, share_create, share_revoke
from tests.factories import AgencyFactory, AllocatedCaseFactory, ContactFactory, FamilyFactory
from tests.partners.factories import partner_of


@pytest.fixture
def setting(personas):
    case = AllocatedCaseFactory(
        family=FamilyFactory(locality=personas.home), locality=personas.home
    )
    womens_aid = AgencyFactory(
        code="womens-aid", name="Stockport Women's Aid", kind="domestic_abuse"
    )
    worker = partner_of(womens_aid, "wendy.womensaid")
    return case, womens_aid, worker


def _share(case, agency, by, **overrides):
    arguments = {
        "case": case,
        "shared_by": by,
        "agency": agency,
        "purpose": "Safety planning with mum",
        "lawful_basis": "consent",
        "protocol_reference": "ISP-2026-014",
    }
    arguments.update(overrides)
    return share_create(**arguments)


def test_a_share_with_consent_is_recorded_in_the_chronology_and_history(personas, setting):
    case, womens_aid, worker = setting
    ContactFactory(case=case, consent_to_share="given")
    assert not policy.can_view_case(worker, case)
    share = _share(case, womens_aid, personas.locality_leader)
    assert policy.can_view_case(worker, case)
    assert share.shared_by == personas.locality_leader
    assert share.status == "live"
    event = ChronologyEvent.objects.get(case=case, action="share.created")
    assert (
        event.summary
        == "Shared with Stockport Women's Aid (with consent): Safety planning with mum"
    )
    assert event.actor == personas.locality_leader
    assert share.history.count() == 1
    # The agency's worker is told, through the outbox, once.
    note = Notification.objects.get(user=worker)
    assert note.message == f"Case {case.reference} has been shared with Stockport Women's Aid"
    assert (
        OutboxMessage.objects.filter(task_name="pathway.tasks.send_notification_emails").count()
        == 1
    )


def test_consent_refused_blocks_sharing_on_the_consent_basis(personas, setting):
    case, womens_aid, _ = setting
    ContactFactory(case=case, consent_to_share="refused", lawful_basis="safeguarding")
    with pytest.raises(ValidationError) as refused:
        _share(case, womens_aid, personas.locality_leader)
    assert refused.value.message_dict == {
        "lawful_basis": [
            "The family's consent to share is refused: the case can be shared only by a "
            "senior practitioner recording a safeguarding reason"
        ]
    }
    assert Share.objects.count() == 0
    assert not ChronologyEvent.objects.filter(action="share.created").exists()


def test_only_a_senior_practitioner_shares_without_consent_and_records_why(personas, setting):
    case, womens_aid, worker = setting
    ContactFactory(case=case, consent_to_share="refused", lawful_basis="safeguarding")
    case.stage = "awaiting_allocation"  # in the senior practitioner's scope
    case.save()
    with pytest.raises(ValidationError) as leader:
        _share(
            case,
            womens_aid,
            personas.locality_leader,
            lawful_basis="safeguarding",
            safeguarding_reason="Risk of serious harm",
        )
    assert list(leader.value.message_dict) == ["lawful_basis"]
    with pytest.raises(ValidationError) as no_reason:
        _share(case, womens_aid, personas.senior_practitioner, lawful_basis="safeguarding")
    assert no_reason.value.message_dict == {
        "safeguarding_reason": ["Enter the safeguarding reason for sharing without consent"]
    }
    share = _share(
        case,
        womens_aid,
        personas.senior_practitioner,
        lawful_basis="safeguarding",
        safeguarding_reason="Police report of domestic abuse; risk to the children",
    )
    assert share.safeguarding_reason == "Police report of domestic abuse; risk to the children"
    assert policy.can_view_case(worker, case)


def test_field_errors_for_bad_input(personas, setting):
    case, womens_aid, _ = setting
    ContactFactory(case=case, consent_to_share="given")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as bad:
        _share(
            case,
            womens_aid,
            personas.locality_leader,
            purpose="  ",
            protocol_reference="",
            scope="parts",
            parts=[],
            ends_on=today - timedelta(days=1),
        )
    assert bad.value.message_dict == {
        "purpose": ["Enter why the agency needs to see this case"],
        "protocol_reference": ["Enter the information-sharing protocol reference"],
        "parts": ["Choose at least one part of the case to share"],
        "ends_on": ["The end date must be today or in the future"],
    }
    with pytest.raises(ValidationError) as far:
        _share(
            case, womens_aid, personas.locality_leader, ends_on=today.replace(year=today.year + 50)
        )
    assert list(far.value.message_dict) == ["ends_on"]
    with pytest.raises(ValidationError) as huge:
        _share(case, womens_aid, personas.locality_leader, purpose="x" * 10_001)
    assert list(huge.value.message_dict) == ["purpose"]


def test_a_second_live_share_to_the_same_agency_is_refused(personas, setting):
    case, womens_aid, _ = setting
    ContactFactory(case=case, consent_to_share="given")
    _share(case, womens_aid, personas.locality_leader)
    with pytest.raises(ValidationError) as again:
        _share(case, womens_aid, personas.locality_leader)
    assert again.value.message_dict == {
        "agency": ["This case is already shared with Stockport Women's Aid"]
    }


def test_someone_who_may_not_share_is_refused(personas, setting):
    case, womens_aid, worker = setting
    ContactFactory(case=case, consent_to_share="given")
    for user in (personas.manager, personas.contact_officer, worker):
        with pytest.raises(SharingNotPermitted):
            _share(case, womens_aid, user)
    assert Share.objects.count() == 0


def test_revoking_takes_the_case_away_at_once_and_is_recorded(personas, setting):
    case, womens_aid, worker = setting
    ContactFactory(case=case, consent_to_share="given")
    share = _share(case, womens_aid, personas.locality_leader)
    assert policy.can_view_case(worker, case)
    with pytest.raises(ValidationError) as no_reason:
        share_revoke(share=share, revoked_by=personas.locality_leader, reason=" ")
    assert no_reason.value.message_dict == {"reason": ["Enter why the share is being revoked"]}
    with pytest.raises(SharingNotPermitted):
        share_revoke(share=share, revoked_by=worker, reason="Not needed")
    revoked = share_revoke(
        share=share, revoked_by=personas.locality_leader, reason="Family withdrew consent"
    )
    assert revoked.status == "revoked"
    assert revoked.revoked_by == personas.locality_leader
    assert not policy.can_view_case(worker, case)
    event = ChronologyEvent.objects.get(case=case, action="share.revoked")
    assert event.summary == "Sharing with Stockport Women's Aid revoked: Family withdrew consent"
    assert revoked.history.count() == 2
    with pytest.raises(ValidationError):
        share_revoke(share=share, revoked_by=personas.locality_leader, reason="Again")
