"""CAF, follow-up, step-up and step-down through the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caf.models import Recommendation, StepDown, StepUp
from caf.services import (
    NeedEntry,
    caf_assessment_save,
    caf_complete,
    case_step_down,
    case_step_up,
    recommendation_follow_up,
    step_up_record_outcome,
)
from localities.models import Locality
from pathway import policy
from pathway.api.common import CONFLICT, VersionedSerializer, api_user, case_for_action
from pathway.api.serializers import RecommendationSerializer
from pathway.choices import LevelOfNeed
from pathway.models import Family, OutcomeArea


class StepUpSerializer(VersionedSerializer):
    reason = serializers.CharField()
    level = serializers.ChoiceField(choices=LevelOfNeed.choices, default=LevelOfNeed.STATUTORY)


class StepUpResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepUp
        fields = [
            "id",
            "case",
            "reason",
            "level",
            "from_stage",
            "stepped_up_at",
            "outcome",
            "outcome_recorded_at",
        ]
        read_only_fields = fields


class CaseStepUpView(APIView):
    @extend_schema(request=StepUpSerializer, responses={201: StepUpResultSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for_action(request, pk, "step_up")
        body = StepUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        step_up = case_step_up(
            case=case,
            stepped_up_by=api_user(request),
            reason=body.validated_data["reason"],
            level=body.validated_data["level"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(StepUpResultSerializer(step_up).data, status=status.HTTP_201_CREATED)


class StepDownSerializer(serializers.Serializer):
    family = serializers.PrimaryKeyRelatedField(queryset=Family.objects.all())
    reason = serializers.CharField()
    plan = serializers.CharField(help_text="The CAF or Team Around the Family to be put in place")
    locality = serializers.SlugRelatedField(
        slug_field="code", queryset=Locality.objects.all(), required=False
    )
    social_worker = serializers.CharField(required=False, allow_blank=True, default="")


class StepDownResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepDown
        fields = ["id", "case", "reason", "plan", "social_worker", "stepped_down_at"]
        read_only_fields = fields


class StepDownCreateView(APIView):
    """Step a family down from social care: its case lands in the allocation queue."""

    @extend_schema(request=StepDownSerializer, responses={201: StepDownResultSerializer})
    def post(self, request: Request) -> Response:
        if not policy.can_step_down(api_user(request)):
            raise PermissionDenied("Your role does not step families down")
        body = StepDownSerializer(data=request.data)
        # A family the caller may not step down answers like one that does not exist.
        body.fields["family"].queryset = policy.families_for_step_down(api_user(request))
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        step_down = case_step_down(
            family=data["family"],
            stepped_down_by=api_user(request),
            reason=data["reason"],
            plan=data["plan"],
            locality=data.get("locality"),
            social_worker=data["social_worker"],
        )
        return Response(StepDownResultSerializer(step_down).data, status=status.HTTP_201_CREATED)


class NeedSerializer(serializers.Serializer):
    outcome_area = serializers.SlugRelatedField(
        slug_field="code", queryset=OutcomeArea.objects.all()
    )
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    needs = serializers.CharField(required=False, allow_blank=True, default="")


class ChildViewsSerializer(serializers.Serializer):
    child = serializers.IntegerField(help_text="The child's person id (a child of the family)")
    views = serializers.CharField(allow_blank=True, help_text="In the child's own words")


class CompleteSerializer(VersionedSerializer):
    family_views = serializers.CharField(required=False, allow_blank=True)
    child_views = serializers.CharField(
        required=False, allow_blank=True, help_text="What the children said together"
    )
    children_views = ChildViewsSerializer(
        many=True, required=False, help_text="Each child's own views, one entry per child"
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    needs = NeedSerializer(many=True, required=False)


class FollowUpSerializer(VersionedSerializer):
    uptake = serializers.ChoiceField(choices=Recommendation.Uptake.choices)
    satisfaction = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _recommendation_for(request: Request, pk: int) -> Recommendation:
    recommendation: Recommendation = policy.get_visible_recommendation_or_404(api_user(request), pk)
    return recommendation


class RecommendationCompleteView(APIView):
    """Complete a CAF recommendation: the CAF assessment (views and needs) is recorded and
    completed, and the case moves on to its Team Around the Family plan."""

    @extend_schema(
        request=CompleteSerializer, responses={200: RecommendationSerializer, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        recommendation = _recommendation_for(request, pk)
        if recommendation.kind != Recommendation.Kind.CAF:
            return Response(
                {"recommendation": ["A universal recommendation is followed up, not completed"]},
                status=400,
            )
        case = case_for_action(request, recommendation.case_id, "complete_caf")
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        views = ("family_views", "child_views", "children_views", "needs")
        if any(k in data for k in views) or data["summary"]:
            caf_assessment_save(
                case=case,
                saved_by=api_user(request),
                child_views=data.get("child_views", ""),
                family_views=data.get("family_views", ""),
                summary=data["summary"],
                needs=[
                    NeedEntry(n["outcome_area"].code, n["strengths"], n["needs"])
                    for n in data.get("needs", [])
                ],
                expected_version=data.get("version"),
                children_views={v["child"]: v["views"] for v in data.get("children_views", [])},
            )
        caf_complete(
            case=case, completed_by=api_user(request), expected_version=data.get("version")
        )
        recommendation.refresh_from_db()
        return Response(RecommendationSerializer(recommendation).data)


class RecommendationFollowUpView(APIView):
    """Record whether the family took up a universal offer, and their satisfaction (1–5)."""

    @extend_schema(
        request=FollowUpSerializer, responses={200: RecommendationSerializer, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        recommendation = _recommendation_for(request, pk)
        if not policy.can_act(api_user(request), recommendation.case, "follow_up"):
            raise PermissionDenied("Only the front door records follow-ups")
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        updated = recommendation_follow_up(
            recommendation=recommendation,
            recorded_by=api_user(request),
            uptake=data["uptake"],
            satisfaction=data.get("satisfaction"),
            comment=data["comment"],
            expected_version=data.get("version"),
        )
        return Response(RecommendationSerializer(updated).data)


class StepUpOutcomeSerializer(VersionedSerializer):
    outcome = serializers.ChoiceField(choices=StepUp.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepUpOutcomeView(APIView):
    """Record what children's social care decided about a step-up."""

    @extend_schema(
        request=StepUpOutcomeSerializer, responses={200: StepUpResultSerializer, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        step_up = policy.get_visible_step_up_or_404(user, pk)
        if not policy.can_record_step_up_outcome(user):
            raise PermissionDenied("Your role does not record social care's decisions")
        body = StepUpOutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = step_up_record_outcome(
            step_up=step_up,
            recorded_by=user,
            outcome=body.validated_data["outcome"],
            note=body.validated_data["note"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(StepUpResultSerializer(updated).data)
