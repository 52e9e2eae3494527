"""The working-day calendar through the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway.calendar import add_working_days


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
