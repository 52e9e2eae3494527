"""Screening through the API: read the active tool, screen a contact, sign off or return a
screening."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from localities.models import Agency
from pathway import policy
from pathway.api.common import CONFLICT, VersionedSerializer, api_user, case_for_action
from pathway.choices import LevelOfNeed
from pathway.models import Contact
from screening.models import Decision, Screening, ScreeningTool
from screening.selectors import screening_tool_active
from screening.services import (
    SIGN_OFF_LEVELS,
    case_screen,
    screening_return,
    screening_sign_off,
)


class ScreenSerializer(VersionedSerializer):
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.all(),
        required=False,
        help_text="The contact screened; defaults to the case's oldest unscreened contact",
    )
    answers = serializers.DictField(
        child=serializers.CharField(),
        help_text="question code → answer value, for every question of the active tool "
        "(GET /api/v1/screening-tool/)",
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
    screening: Screening = policy.get_visible_screening_or_404(api_user(request), pk)
    if not policy.can_sign_off(api_user(request)):
        raise PermissionDenied("Only senior practitioners sign off screenings")
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


# --- The active screening tool (issue 11: the API is enough on its own) -----------------


class ScreeningAnswerSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to send in `answers` for this question")
    label = serializers.CharField()
    points = serializers.IntegerField(help_text="Its weight in the total score")
    is_critical = serializers.BooleanField(
        help_text="Choosing it makes the level Statutory, whatever the score"
    )


class ScreeningQuestionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The key in `answers`")
    text = serializers.CharField()
    help_text = serializers.CharField(allow_blank=True)
    answers = ScreeningAnswerSerializer(many=True, source="options.all")


class ScreeningSectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    questions = ScreeningQuestionSerializer(many=True, source="questions.all")


class ThresholdSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LevelOfNeed.choices)
    label = serializers.CharField()
    from_score = serializers.IntegerField(help_text="A total at or above this reaches the level")


class ScoringSerializer(serializers.Serializer):
    thresholds = ThresholdSerializer(many=True, help_text="Lowest level first")
    critical_level = serializers.ChoiceField(
        choices=LevelOfNeed.choices, help_text="The level any critical answer forces"
    )
    sign_off_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=LevelOfNeed.choices),
        help_text="A decision at one of these levels, or any level_override, waits for a "
        "senior practitioner's sign-off (POST /api/v1/screenings/{id}/sign-off/)",
    )


class ScreeningToolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    scoring = serializers.SerializerMethodField()
    sections = ScreeningSectionSerializer(many=True, source="domains.all")

    @extend_schema_field(ScoringSerializer)
    def get_scoring(self, tool: ScreeningTool) -> dict[str, Any]:
        starts = [
            (LevelOfNeed.UNIVERSAL, 0),
            (LevelOfNeed.UNIVERSAL_PLUS, tool.universal_plus_from),
            (LevelOfNeed.TARGETED, tool.targeted_from),
            (LevelOfNeed.SPECIALIST, tool.specialist_from),
            (LevelOfNeed.STATUTORY, tool.statutory_from),
        ]
        return {
            "thresholds": [
                {"level": level.value, "label": level.label, "from_score": score}
                for level, score in starts
            ],
            "critical_level": LevelOfNeed.STATUTORY.value,
            "sign_off_levels": [level.value for level in LevelOfNeed if level in SIGN_OFF_LEVELS],
        }


TOOL_EXAMPLE = {
    "id": 1,
    "version": 1,
    "name": "Multi-agency screening tool",
    "published_at": "2026-09-01T09:00:00Z",
    "scoring": {
        "thresholds": [
            {"level": "universal", "label": "Universal", "from_score": 0},
            {"level": "universal_plus", "label": "Universal Plus", "from_score": 4},
            {"level": "targeted", "label": "Targeted", "from_score": 10},
            {"level": "specialist", "label": "Specialist", "from_score": 20},
            {"level": "statutory", "label": "Statutory", "from_score": 30},
        ],
        "critical_level": "statutory",
        "sign_off_levels": ["specialist", "statutory"],
    },
    "sections": [
        {
            "code": "child",
            "title": "The child's developmental needs",
            "questions": [
                {
                    "code": "health",
                    "text": "Are the child's physical or mental health needs being met?",
                    "help_text": "Including missed health appointments",
                    "answers": [
                        {"value": "none", "label": "No concern", "points": 0, "is_critical": False},
                        {
                            "value": "some",
                            "label": "Some concern",
                            "points": 2,
                            "is_critical": False,
                        },
                    ],
                }
            ],
        }
    ],
}


class ScreeningToolView(APIView):
    """The active screening tool: every question of every section with its allowed answers
    and their weights, and how a total becomes a level. `POST /api/v1/cases/{id}/screen/`
    needs an answer to every question (question `code` → answer `value`). 404 when no
    version is active."""

    @extend_schema(
        responses={200: ScreeningToolSerializer},
        examples=[OpenApiExample("Version 1 (abridged)", value=TOOL_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        if not policy.can_read_reference_data(api_user(request)):
            raise PermissionDenied("Your role does not read reference data")
        tool = screening_tool_active()
        if tool is None:
            raise NotFound("No screening tool is active: an administrator must publish one")
        return Response(ScreeningToolSerializer(tool).data)
