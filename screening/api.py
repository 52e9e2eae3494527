"""Screening through the API: screen a contact, sign off or return a screening."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from localities.models import Agency
from pathway import policy
from pathway.api.common import CONFLICT, VersionedSerializer, api_user, case_for_action
from pathway.choices import LevelOfNeed
from pathway.models import Contact
from screening.models import Decision, Screening
from screening.services import case_screen, screening_return, screening_sign_off


class ScreenSerializer(VersionedSerializer):
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.all(),
        required=False,
        help_text="The contact screened; defaults to the case's oldest unscreened contact",
    )
    answers = serializers.DictField(
        child=serializers.CharField(), help_text="question code → answer value"
    )
    decision = serializers.ChoiceField(choices=Decision.choices)
    rationale = serializers.CharField()
    level_override = serializers.ChoiceField(
        choices=LevelOfNeed.choices, required=False, allow_blank=True
    )
    override_reason = serializers.CharField(required=False, allow_blank=True)
    universal_service = serializers.SlugRelatedField(
        slug_field="code",
        required=False,
        allow_null=True,
        queryset=Agency.objects.filter(offers_universal_service=True),
    )


class ScreeningSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True)
    universal_service = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Screening
        fields = [
            "id",
            "case",
            "contact",
            "tool",
            "answers",
            "score",
            "computed_level",
            "level_override",
            "override_reason",
            "level",
            "decision",
            "rationale",
            "universal_service",
            "status",
            "needs_sign_off",
            "screened_at",
            "signed_off_at",
            "sign_off_comment",
        ]
        read_only_fields = fields


class CaseScreenView(APIView):
    """Screen a contact on this case and record the decision."""

    @extend_schema(request=ScreenSerializer, responses={201: ScreeningSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for_action(request, pk, "screen")
        body = ScreenSerializer(data=request.data)
        # A contact of another case answers like one that does not exist.
        body.fields["contact"].queryset = case.contacts.all()
        body.is_valid(raise_exception=True)
        data = body.validated_data
        contact = (
            data.get("contact")
            or case.contacts.filter(screened_at__isnull=True).order_by("received_at").first()
        )
        if contact is None:
            return Response(
                {"contact": ["This case has no contact waiting to be screened"]}, status=400
            )
        screening = case_screen(
            case=case,
            contact=contact,
            screened_by=api_user(request),
            answers=data["answers"],
            decision=data["decision"],
            rationale=data["rationale"],
            level_override=data.get("level_override", ""),
            override_reason=data.get("override_reason", ""),
            universal_service=data.get("universal_service"),
            expected_version=data.get("version"),
        )
        return Response(ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)


class SignOffSerializer(VersionedSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _screening_for_sign_off(request: Request, pk: int) -> Screening:
    if not policy.can_sign_off(api_user(request)):
        raise PermissionDenied("Only senior practitioners sign off screenings")
    screening: Screening = policy.get_visible_screening_or_404(api_user(request), pk)
    return screening


class ScreeningSignOffView(APIView):
    @extend_schema(request=SignOffSerializer, responses={200: ScreeningSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        screening = _screening_for_sign_off(request, pk)
        body = SignOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signed = screening_sign_off(
            screening=screening,
            signed_off_by=api_user(request),
            comment=body.validated_data["comment"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(ScreeningSerializer(signed).data)


class ScreeningReturnView(APIView):
    @extend_schema(request=SignOffSerializer, responses={200: ScreeningSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        screening = _screening_for_sign_off(request, pk)
        body = SignOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        returned = screening_return(
            screening=screening,
            returned_by=api_user(request),
            comment=body.validated_data["comment"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(ScreeningSerializer(returned).data)
