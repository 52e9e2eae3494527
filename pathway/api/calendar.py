"""The working-day calendar through the API."""

from __future__ import annotations

from datetime import date

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway.calendar import add_working_days

# The calendar answers for these years (bank holidays are computed, not stored, but a date
# past year 9999 cannot exist, and nobody plans a recommendation in 0001).
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


class WorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        help_text=f"From {EARLIEST.isoformat()} to {LATEST.isoformat()}; day 0"
    )
    add = serializers.IntegerField(min_value=0, max_value=3650)

    def validate_start(self, value: date) -> date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(
                f"Enter a date from {EARLIEST:%-d %B %Y} to {LATEST:%-d %B %Y}"
            )
        return value


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
