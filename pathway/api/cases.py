"""Case actions: one endpoint per verb, 409 when the workflow refuses (DESIGN §8)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
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
from localities.models import Agency, Locality, Team
from localities.services import case_allocate, case_reallocate, case_transfer
from pathway import policy
from pathway.api.serializers import CaseSerializer, RecommendationSerializer
from pathway.calendar import add_working_days
from pathway.choices import ClosureReason, LevelOfNeed
from pathway.models import Case, Contact, Family, OutcomeArea, User
from pathway.selectors.cases import case_get_for_view
from pathway.services.cases import case_close, case_reopen
from screening.models import Decision, Screening
from screening.services import case_screen, screening_return, screening_sign_off

CONFLICT = {
    409: inline_serializer(
        "Conflict",
        {
            "detail": serializers.CharField(),
            "code": serializers.CharField(),
            "case": serializers.IntegerField(),
            "stage": serializers.CharField(),
            "version": serializers.IntegerField(),
        },
    )
}


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The case version you acted on; a stale version is a 409"
    )


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


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _case_for(request: Request, pk: int, verb: str) -> Case:
    """The case if the caller may see it (else 404) and may do `verb` to it (else 403)."""
    case = case_get_for_view(user=_user(request), pk=pk, request=request._request)
    if not policy.can_act(_user(request), case, verb):
        raise PermissionDenied(f"You may not {verb.replace('_', ' ')} this case")
    return case


class CaseScreenView(APIView):
    """Screen a contact on this case and record the decision."""

    @extend_schema(request=ScreenSerializer, responses={201: ScreeningSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = _case_for(request, pk, "screen")
        body = ScreenSerializer(data=request.data)
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
            screened_by=_user(request),
            answers=data["answers"],
            decision=data["decision"],
            rationale=data["rationale"],
            level_override=data.get("level_override", ""),
            override_reason=data.get("override_reason", ""),
            universal_service=data.get("universal_service"),
            expected_version=data.get("version"),
        )
        return Response(ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)


class SignOffSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _screening_for_sign_off(request: Request, pk: int) -> Screening:
    if not policy.can_sign_off(_user(request)):
        raise PermissionDenied("Only senior practitioners sign off screenings")
    screening = Screening.objects.filter(
        pk=pk, case__in=policy.cases_visible_to(_user(request))
    ).first()
    if screening is None:
        raise Http404("No screening found")
    return screening


class ScreeningSignOffView(APIView):
    @extend_schema(request=SignOffSerializer, responses={200: ScreeningSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        screening = _screening_for_sign_off(request, pk)
        body = SignOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signed = screening_sign_off(
            screening=screening,
            signed_off_by=_user(request),
            comment=body.validated_data["comment"],
        )
        return Response(ScreeningSerializer(signed).data)


class ScreeningReturnView(APIView):
    @extend_schema(request=SignOffSerializer, responses={200: ScreeningSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        screening = _screening_for_sign_off(request, pk)
        body = SignOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        returned = screening_return(
            screening=screening, returned_by=_user(request), comment=body.validated_data["comment"]
        )
        return Response(ScreeningSerializer(returned).data)


class AllocateSerializer(VersionedSerializer):
    locality = serializers.SlugRelatedField(
        slug_field="code", queryset=Locality.objects.all(), required=False
    )
    team = serializers.SlugRelatedField(slug_field="code", queryset=Team.objects.all())
    worker = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    allow_over_capacity = serializers.BooleanField(
        default=False, help_text="Allocate even though the worker is at or over capacity"
    )


class CaseAllocateView(APIView):
    """Allocate a case awaiting allocation to a team and a lead professional.

    A worker at or over capacity is a 400 on `worker` unless `allow_over_capacity` is true.
    """

    @extend_schema(request=AllocateSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = _case_for(request, pk, "allocate")
        data = _allocation_body(request)
        case_allocate(
            case=case,
            allocated_by=_user(request),
            team=data["team"],
            worker=data["worker"],
            reason=data["reason"],
            expected_version=data.get("version"),
            allow_over_capacity=data["allow_over_capacity"],
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


class CaseReallocateView(APIView):
    """Give an allocated case a new team or lead professional (a reason is required)."""

    @extend_schema(request=AllocateSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = _case_for(request, pk, "reallocate")
        data = _allocation_body(request)
        case_reallocate(
            case=case,
            reallocated_by=_user(request),
            team=data["team"],
            worker=data["worker"],
            reason=data["reason"],
            expected_version=data.get("version"),
            allow_over_capacity=data["allow_over_capacity"],
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


def _allocation_body(request: Request) -> dict[str, Any]:
    body = AllocateSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data: dict[str, Any] = body.validated_data
    if data.get("locality") and data["locality"].pk != data["team"].locality_id:
        raise serializers.ValidationError(
            {"team": [f"{data['team'].name} is not in {data['locality'].name}"]}
        )
    return data


class TransferSerializer(VersionedSerializer):
    locality = serializers.SlugRelatedField(slug_field="code", queryset=Locality.objects.all())
    reason = serializers.CharField()


class CaseTransferView(APIView):
    """Move a case to another locality's allocation queue; its leaders are notified."""

    @extend_schema(request=TransferSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = _case_for(request, pk, "transfer")
        body = TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case_transfer(
            case=case,
            transferred_by=_user(request),
            locality=body.validated_data["locality"],
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


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
        case = _case_for(request, pk, "step_up")
        body = StepUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        step_up = case_step_up(
            case=case,
            stepped_up_by=_user(request),
            reason=body.validated_data["reason"],
            level=body.validated_data["level"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(StepUpResultSerializer(step_up).data, status=status.HTTP_201_CREATED)


class CloseSerializer(VersionedSerializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseCloseView(APIView):
    @extend_schema(request=CloseSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = _case_for(request, pk, "close")
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        closed = case_close(
            case=case,
            closed_by=_user(request),
            reason=body.validated_data["reason"],
            note=body.validated_data["note"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(CaseSerializer(closed, context={"request": request}).data)


class ReopenSerializer(VersionedSerializer):
    reason = serializers.CharField()


class CaseReopenView(APIView):
    @extend_schema(request=ReopenSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = _case_for(request, pk, "reopen")
        body = ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reopened = case_reopen(
            case=case,
            reopened_by=_user(request),
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(CaseSerializer(reopened, context={"request": request}).data)


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
        if not policy.can_step_down(_user(request)):
            raise PermissionDenied("Your role does not step families down")
        body = StepDownSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        step_down = case_step_down(
            family=data["family"],
            stepped_down_by=_user(request),
            reason=data["reason"],
            plan=data["plan"],
            locality=data.get("locality"),
            social_worker=data["social_worker"],
        )
        return Response(StepDownResultSerializer(step_down).data, status=status.HTTP_201_CREATED)


class WorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    add = serializers.IntegerField(min_value=0, max_value=3650)


class WorkingDaysView(APIView):
    """The date `add` working days after `start` (England and Wales bank holidays and the
    council's closure days excluded; `start` is day 0)."""

    @extend_schema(
        parameters=[WorkingDaysQuerySerializer],
        responses=inline_serializer("WorkingDay", {"date": serializers.DateField()}),
    )
    def get(self, request: Request) -> Response:
        query = WorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = add_working_days(query.validated_data["start"], query.validated_data["add"])
        return Response({"date": day.isoformat()})


class NeedSerializer(serializers.Serializer):
    outcome_area = serializers.SlugRelatedField(
        slug_field="code", queryset=OutcomeArea.objects.all()
    )
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    needs = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteSerializer(VersionedSerializer):
    family_views = serializers.CharField(required=False, allow_blank=True)
    child_views = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    needs = NeedSerializer(many=True, required=False)


class FollowUpSerializer(serializers.Serializer):
    uptake = serializers.ChoiceField(choices=Recommendation.Uptake.choices)
    satisfaction = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _recommendation_for(request: Request, pk: int) -> Recommendation:
    recommendation = (
        Recommendation.objects.filter(pk=pk, case__in=policy.cases_visible_to(_user(request)))
        .select_related("case")
        .first()
    )
    if recommendation is None:
        raise Http404("No recommendation found")
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
        case = _case_for(request, recommendation.case_id, "complete_caf")
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if any(k in data for k in ("family_views", "child_views", "needs")) or data["summary"]:
            caf_assessment_save(
                case=case,
                saved_by=_user(request),
                child_views=data.get("child_views", ""),
                family_views=data.get("family_views", ""),
                summary=data["summary"],
                needs=[
                    NeedEntry(n["outcome_area"].code, n["strengths"], n["needs"])
                    for n in data.get("needs", [])
                ],
            )
        caf_complete(case=case, completed_by=_user(request), expected_version=data.get("version"))
        recommendation.refresh_from_db()
        return Response(RecommendationSerializer(recommendation).data)


class RecommendationFollowUpView(APIView):
    """Record whether the family took up a universal offer, and their satisfaction (1–5)."""

    @extend_schema(
        request=FollowUpSerializer, responses={200: RecommendationSerializer, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        recommendation = _recommendation_for(request, pk)
        if not policy.can_act(_user(request), recommendation.case, "follow_up"):
            raise PermissionDenied("Only the front door records follow-ups")
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        updated = recommendation_follow_up(
            recommendation=recommendation,
            recorded_by=_user(request),
            uptake=data["uptake"],
            satisfaction=data.get("satisfaction"),
            comment=data["comment"],
        )
        return Response(RecommendationSerializer(updated).data)


class StepUpOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=StepUp.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepUpOutcomeView(APIView):
    """Record what children's social care decided about a step-up."""

    @extend_schema(request=StepUpOutcomeSerializer, responses={200: StepUpResultSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        if not (policy.can_sign_off(user) or policy.can_step_down(user)):
            raise PermissionDenied("Your role does not record social care's decisions")
        step_up = StepUp.objects.filter(pk=pk, case__in=policy.cases_visible_to(user)).first()
        if step_up is None:
            raise Http404("No step-up found")
        body = StepUpOutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = step_up_record_outcome(
            step_up=step_up,
            recorded_by=user,
            outcome=body.validated_data["outcome"],
            note=body.validated_data["note"],
        )
        return Response(StepUpResultSerializer(updated).data)
