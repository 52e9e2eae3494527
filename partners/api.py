"""Sharing with partner agencies, and the partner's own work, through the API (DESIGN §8)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from frontdoor.api import NewFamilySerializer, NewPersonSerializer
from frontdoor.services.contacts import MAX_ADULTS, MAX_CHILDREN, NewFamily, NewPerson
from localities.models import Agency
from partners.models import CafWorkResponse, PartnerNote, SupportRequest
from partners.selectors import partner_notes_visible, share_list, support_requests_of
from partners.services import (
    caf_work_accept,
    caf_work_decline,
    partner_note_add,
    support_request_details,
    support_request_send,
)
from pathway import policy
from pathway.api.common import StrictCharField, api_user
from pathway.choices import Consent, LawfulBasis, ShareBasis, SharePart, ShareScope
from pathway.models import AccessLogEntry, PresentingIssue, Share
from pathway.selectors.cases import case_get_for_view
from pathway.services.audit import access_log_record
from pathway.services.shares import share_create, share_revoke
from pathway.validators import normalise_postcode

MAX_ID = 2**31 - 1


class ShareSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    parts = serializers.ListField(child=serializers.ChoiceField(choices=SharePart.choices))
    shared_by = serializers.CharField(read_only=True)
    revoked_by = serializers.CharField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(
        choices=[("live", "Live"), ("revoked", "Revoked"), ("expired", "Expired")],
        read_only=True,
    )

    class Meta:
        model = Share
        fields = [
            "id",
            "case",
            "case_reference",
            "agency",
            "agency_name",
            "purpose",
            "lawful_basis",
            "safeguarding_reason",
            "protocol_reference",
            "scope",
            "parts",
            "shared_by",
            "shared_at",
            "ends_on",
            "status",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
        ]
        read_only_fields = fields


SHARE_EXAMPLE = {
    "id": 12,
    "case": 41,
    "case_reference": "C000041",
    "agency": "womens-aid",
    "agency_name": "Stockport Women's Aid",
    "purpose": "Safety planning with mum",
    "lawful_basis": "consent",
    "safeguarding_reason": "",
    "protocol_reference": "ISP-2026-014",
    "scope": "whole",
    "parts": [],
    "shared_by": "Lena Leader",
    "shared_at": "2026-12-08T10:15:00Z",
    "ends_on": "2027-03-31",
    "status": "live",
    "revoked_at": None,
    "revoked_by": None,
    "revoke_reason": "",
}


class ShareCreateSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.filter(is_active=True),
        help_text="The agency's code (GET /api/v1/agencies/)",
    )
    purpose = serializers.CharField(max_length=10_000)
    lawful_basis = serializers.ChoiceField(
        choices=ShareBasis.choices,
        help_text=(
            "consent: the family's latest consent to share must be given. safeguarding: "
            "without consent, by a senior practitioner, with safeguarding_reason"
        ),
    )
    safeguarding_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10_000
    )
    protocol_reference = serializers.CharField(
        max_length=100, help_text="The information-sharing protocol the share is made under"
    )
    scope = serializers.ChoiceField(choices=ShareScope.choices, default=ShareScope.WHOLE)
    parts = serializers.ListField(
        child=serializers.ChoiceField(choices=SharePart.choices),
        required=False,
        default=list,
        max_length=len(SharePart.values),
        help_text="With scope 'parts': which parts of the case are shared",
    )
    ends_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The last day of the share"
    )


class CaseShareView(APIView):
    """Share a case with a partner agency. 404 for a case the caller may not see; 403
    when the caller may not share it."""

    @extend_schema(
        request=ShareCreateSerializer,
        responses={201: ShareSerializer},
        examples=[
            OpenApiExample(
                "With consent",
                request_only=True,
                value={
                    "agency": "womens-aid",
                    "purpose": "Safety planning with mum",
                    "lawful_basis": "consent",
                    "protocol_reference": "ISP-2026-014",
                    "scope": "whole",
                    "ends_on": "2027-03-31",
                },
            ),
            OpenApiExample(
                "Without consent (senior practitioner)",
                request_only=True,
                value={
                    "agency": "gmp",
                    "purpose": "Joint safety planning after a domestic incident",
                    "lawful_basis": "safeguarding",
                    "safeguarding_reason": "Risk of serious harm to the children",
                    "protocol_reference": "ISP-2026-002",
                    "scope": "parts",
                    "parts": ["chronology", "partner_notes"],
                },
            ),
            OpenApiExample("Shared", response_only=True, status_codes=["201"], value=SHARE_EXAMPLE),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        case = case_get_for_view(user=user, pk=pk, request=request._request)
        if not policy.can_share_case(user, case):
            raise PermissionDenied("You may not share this case")
        body = ShareCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        share = share_create(case=case, shared_by=user, **data)
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


class ShareListQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    agency = serializers.SlugField(required=False, max_length=40)


@extend_schema(
    parameters=[
        OpenApiParameter("case", OpenApiTypes.INT, description="A case id"),
        OpenApiParameter("agency", str, description="An agency's code"),
    ],
    examples=[OpenApiExample("Shares", response_only=True, value=[SHARE_EXAMPLE])],
)
class ShareListView(generics.ListAPIView):
    """Shares the caller may see: staff every share (live, revoked or expired) of the cases
    they see in full; a partner the live shares to their own agency."""

    serializer_class = ShareSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        query = ShareListQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return share_list(
            user=api_user(self.request),  # type: ignore[arg-type]
            case_id=query.validated_data.get("case"),
            agency_code=query.validated_data.get("agency", ""),
        )

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        with transaction.atomic():
            response = super().list(request, *args, **kwargs)
            access_log_record(
                user=api_user(request),
                action=AccessLogEntry.Action.LIST,
                what="Shares (API)",
                request=request._request,
            )
        return response


class ShareRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=10_000)


class ShareRevokeView(APIView):
    """Revoke a share: the agency loses sight of the case on its next request."""

    @extend_schema(
        request=ShareRevokeSerializer,
        responses={200: ShareSerializer},
        examples=[
            OpenApiExample(
                "Revoke", request_only=True, value={"reason": "The family withdrew consent"}
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        share = policy.get_visible_share_or_404(user, pk)
        if not policy.can_revoke_share(user, share):
            raise PermissionDenied("You may not revoke this share")
        body = ShareRevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revoked = share_revoke(share=share, revoked_by=user, reason=body.validated_data["reason"])
        return Response(ShareSerializer(revoked).data)


# --- The partner's own work: notes, CAF work, requests for support ---------------------


class PartnerNoteSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    author = serializers.CharField(read_only=True)

    class Meta:
        model = PartnerNote
        fields = [
            "id",
            "case",
            "agency",
            "agency_name",
            "author",
            "kind",
            "text",
            "restricted",
            "created_at",
        ]
        read_only_fields = ["id", "case", "agency", "agency_name", "author", "created_at"]
        extra_kwargs = {"text": {"max_length": 10_000}}


class CasePartnerNotesView(APIView):
    """Partner updates and case notes on a case: a partner reads every agency's
    unrestricted notes and their own agency's restricted ones, and adds theirs."""

    @extend_schema(responses={200: PartnerNoteSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        case = case_get_for_view(user=user, pk=pk, request=request._request)
        notes = partner_notes_visible(user=user, case=case)[:500]
        return Response(PartnerNoteSerializer(notes, many=True).data)

    @extend_schema(
        request=PartnerNoteSerializer,
        responses={201: PartnerNoteSerializer},
        examples=[
            OpenApiExample(
                "An update",
                request_only=True,
                value={
                    "kind": "update",
                    "text": "Mum attended the first Freedom Programme session",
                    "restricted": False,
                },
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        case = case_get_for_view(user=user, pk=pk, request=request._request)
        if not policy.can_add_partner_note(user, case):
            raise PermissionDenied("Only a partner agency the case is shared with adds notes")
        body = PartnerNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = partner_note_add(
            case=case,
            author=user,
            text=body.validated_data["text"],
            kind=body.validated_data.get("kind", PartnerNote.Kind.UPDATE),
            restricted=body.validated_data.get("restricted", False),
        )
        return Response(PartnerNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class CafWorkResponseSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    responded_by = serializers.CharField(read_only=True)

    class Meta:
        model = CafWorkResponse
        fields = [
            "id",
            "recommendation",
            "agency",
            "decision",
            "reason",
            "responded_by",
            "responded_at",
        ]
        read_only_fields = fields


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=10_000)


def _caf_work(request: Request, pk: int) -> Any:
    user = api_user(request)
    recommendation = policy.get_visible_recommendation_or_404(user, pk)
    if not policy.can_respond_to_caf_work(user, recommendation):
        raise PermissionDenied("This CAF work is not recommended to your agency")
    return recommendation


class CafWorkAcceptView(APIView):
    """Accept CAF work recommended to the caller's agency."""

    @extend_schema(request=None, responses={201: CafWorkResponseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        answer = caf_work_accept(
            recommendation=_caf_work(request, pk), responded_by=api_user(request)
        )
        return Response(CafWorkResponseSerializer(answer).data, status=status.HTTP_201_CREATED)


class CafWorkDeclineView(APIView):
    """Decline CAF work with a reason: it returns to the locality leader, who is told."""

    @extend_schema(
        request=DeclineSerializer,
        responses={201: CafWorkResponseSerializer},
        examples=[
            OpenApiExample(
                "Decline", request_only=True, value={"reason": "No capacity until March"}
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        recommendation = _caf_work(request, pk)
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = caf_work_decline(
            recommendation=recommendation,
            responded_by=api_user(request),
            reason=body.validated_data["reason"],
        )
        return Response(CafWorkResponseSerializer(answer).data, status=status.HTTP_201_CREATED)


class _StrictBooleanField(serializers.BooleanField):
    """true or false only (the document says boolean: 0, 1 and "yes" are refused)."""

    def to_internal_value(self, data: Any) -> bool:
        if data is True or data is False:
            return data
        self.fail("invalid", input=data)
        return False  # not reached: fail() raises


class SupportRequestFamilySerializer(NewFamilySerializer):
    address_confidential = _StrictBooleanField(default=False)


class SupportRequestCreateSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=5000)
    primary_issue = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PresentingIssue.objects.filter(is_active=True),
        help_text="CIN assessment factor code, e.g. 3B",
    )
    consent = serializers.ChoiceField(choices=Consent.choices, help_text="Consent to share")
    lawful_basis = serializers.ChoiceField(
        choices=LawfulBasis.choices, required=False, allow_blank=True, default=""
    )
    new_family = SupportRequestFamilySerializer()
    children = serializers.ListField(
        child=NewPersonSerializer(), allow_empty=False, max_length=MAX_CHILDREN
    )
    adults = serializers.ListField(
        child=NewPersonSerializer(), required=False, default=list, max_length=MAX_ADULTS
    )


class SupportRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="contact.reference", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    outcome = serializers.CharField(read_only=True)

    class Meta:
        model = SupportRequest
        fields = ["id", "reference", "agency", "requested_at", "outcome"]
        read_only_fields = fields


class SupportRequestsView(APIView):
    """Requests for support: a partner practitioner sends one (it arrives in the Contact
    Centre's queue as a contact, the partner as referrer) and lists their own with the
    outcome. The outcome is all they see: not the case, unless it is shared with them."""

    @extend_schema(responses={200: SupportRequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        user = api_user(request)
        if not policy.can_request_support(user):
            raise PermissionDenied("Only partner practitioners send requests for support")
        return Response(
            SupportRequestSerializer(support_requests_of(user=user)[:200], many=True).data
        )

    @extend_schema(
        request=SupportRequestCreateSerializer,
        responses={201: SupportRequestSerializer},
        examples=[
            OpenApiExample(
                "From a school",
                request_only=True,
                value={
                    "reason": "Amara is often late and hungry; mum has asked for help",
                    "primary_issue": "14A",
                    "consent": "given",
                    "new_family": {"address": "14 Hollins Lane", "postcode": "SK4 2AB"},
                    "children": [
                        {
                            "given_name": "Amara",
                            "family_name": "Okonkwo",
                            "date_of_birth": "2018-05-01",
                        }
                    ],
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        user = api_user(request)
        if not policy.can_request_support(user):
            raise PermissionDenied("Only partner practitioners send requests for support")
        body = SupportRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        family = data["new_family"]
        sent = support_request_send(
            requested_by=user,
            details=support_request_details(
                reason=data["reason"],
                primary_issue=data["primary_issue"],
                consent_to_share=data["consent"],
                lawful_basis=data["lawful_basis"],
                children=[NewPerson(**p) for p in data["children"]],
                adults=[NewPerson(**p) for p in data["adults"]],
            ),
            new_family=NewFamily(
                postcode=normalise_postcode(family["postcode"]),
                address_line_1=family.get("address", ""),
                address_line_2=family.get("address_line_2", ""),
                town=family.get("town", ""),
                address_confidential=family.get("address_confidential", False),
            ),
        )
        return Response(SupportRequestSerializer(sent).data, status=status.HTTP_201_CREATED)
