"""Cases through the API: list, open, chronology, close, reopen."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway.api.common import CONFLICT, VersionedSerializer, api_user, case_for_action
from pathway.api.serializers import CaseSerializer
from pathway.choices import ClosureReason, Stage
from pathway.models import AccessLogEntry, Case
from pathway.selectors.cases import CaseFilters, case_chronology, case_get_for_view, case_list
from pathway.services.audit import access_log_record
from pathway.services.cases import case_close, case_reopen


class CloseSerializer(VersionedSerializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseCloseView(APIView):
    @extend_schema(request=CloseSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for_action(request, pk, "close")
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        closed = case_close(
            case=case,
            closed_by=api_user(request),
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
        case = case_for_action(request, pk, "reopen")
        body = ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reopened = case_reopen(
            case=case,
            reopened_by=api_user(request),
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(CaseSerializer(reopened, context={"request": request}).data)


MAX_ID = 2**31 - 1


class CaseListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    locality = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    lead_professional = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    due_before = serializers.DateField(required=False)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q",
            str,
            description=(
                "A case reference (C000123), a family reference (F000045) or names: every "
                "word matches a current household member's given name or surname (surnames "
                "also by sound). At most 100 characters."
            ),
        ),
        OpenApiParameter("stage", str, enum=Stage.values),
        OpenApiParameter("locality", int, description="Locality id (1 or more)"),
        OpenApiParameter("lead_professional", int, description="The lead professional's user id"),
        OpenApiParameter(
            "due_before",
            OpenApiTypes.DATE,
            description=(
                "Cases with an open recommendation due before this date (YYYY-MM-DD); "
                "today's date lists the overdue ones"
            ),
        ),
    ],
)
class CaseListView(generics.ListAPIView):
    """Cases the caller may see (through the access policy), newest first, searched and
    filtered like the cases page. A filter that does not parse is a 400 naming it."""

    serializer_class = CaseSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        # An unknown stage or a locality that is not an id is a 400 naming the parameter,
        # not a silently unfiltered list.
        # A plain dict: DRF reads an empty value in a QueryDict as "not sent", and
        # `due_before=` is not a date.
        query = CaseListQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return case_list(
            user=self.request.user,  # type: ignore[arg-type]
            filters=CaseFilters(
                q=data.get("q", ""),
                stage=data.get("stage", ""),
                locality_id=data.get("locality"),
                lead_professional_id=data.get("lead_professional"),
                due_before=data.get("due_before"),
            ),
        )

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        with transaction.atomic():
            response = super().list(request, *args, **kwargs)
            access_log_record(
                user=request.user,  # type: ignore[arg-type]
                action=AccessLogEntry.Action.LIST,
                what="Case list (API)",
                request=request._request,
            )
        return response


class CaseDetailView(generics.RetrieveAPIView):
    """One case; 404 if it does not exist or the caller may not see it."""

    serializer_class = CaseSerializer
    queryset = Case.objects.none()

    def get_object(self) -> Case:
        return case_get_for_view(
            user=self.request.user,  # type: ignore[arg-type]
            pk=self.kwargs["pk"],
            request=self.request._request,
        )


class CaseChronologyView(APIView):
    """The family's timeline, as seen from this case."""

    @extend_schema(
        responses=inline_serializer(
            "ChronologyEvent",
            {
                "occurred_at": serializers.DateTimeField(),
                "action": serializers.CharField(),
                "summary": serializers.CharField(),
                "case": serializers.IntegerField(allow_null=True),
                "actor": serializers.CharField(allow_null=True),
            },
            many=True,
        )
    )
    def get(self, request: Request, pk: int) -> Response:
        case = case_get_for_view(user=request.user, pk=pk, request=request._request)  # type: ignore[arg-type]
        events = [
            {
                "occurred_at": e.occurred_at,
                "action": e.action,
                "summary": e.summary,
                "case": e.case_id,
                "actor": str(e.actor) if e.actor else None,
            }
            for e in case_chronology(case=case, user=api_user(request))[:1000]
        ]
        return Response(events)
