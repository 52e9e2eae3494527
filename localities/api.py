"""Allocation through the API: allocate, reallocate, transfer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from localities.models import Locality, Team
from localities.selectors import allocatable_workers
from localities.services import case_allocate, case_reallocate, case_transfer
from pathway.api.common import CONFLICT, VersionedSerializer, api_user, case_for_action
from pathway.api.serializers import CaseSerializer
from pathway.models import Case, User


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
        case = case_for_action(request, pk, "allocate")
        data = _allocation_body(request, case)
        case_allocate(
            case=case,
            allocated_by=api_user(request),
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
        case = case_for_action(request, pk, "reallocate")
        data = _allocation_body(request, case)
        case_reallocate(
            case=case,
            reallocated_by=api_user(request),
            team=data["team"],
            worker=data["worker"],
            reason=data["reason"],
            expected_version=data.get("version"),
            allow_over_capacity=data["allow_over_capacity"],
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


def _allocation_body(request: Request, case: Case) -> dict[str, Any]:
    body = AllocateSerializer(data=request.data)
    # Only the workers who could take this case can be named: anyone else answers exactly
    # like a username that does not exist, so the API is no way to list the council's staff.
    body.fields["worker"].queryset = allocatable_workers(case=case)
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
        case = case_for_action(request, pk, "transfer")
        body = TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case_transfer(
            case=case,
            transferred_by=api_user(request),
            locality=body.validated_data["locality"],
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )
