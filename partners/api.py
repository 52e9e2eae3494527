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

from localities.models import Agency
from partners.selectors import share_list
from pathway import policy
from pathway.api.common import api_user
from pathway.choices import ShareBasis, SharePart, ShareScope
from pathway.models import AccessLogEntry, Share
from pathway.selectors.cases import case_get_for_view
from pathway.services.audit import access_log_record
from pathway.services.shares import share_create, share_revoke

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
