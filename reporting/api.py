"""GET /api/v1/reports/performance/?from=&to=&locality=[&format=csv|xlsx] (DESIGN §8)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway import policy
from pathway.api.common import api_user
from pathway.models import AccessLogEntry
from pathway.services.audit import access_log_record
from reporting.exports import CONTENT_TYPES, report_export_response
from reporting.measures.base import Scope
from reporting.selectors import default_period, period_check, report_for_user


class _DownloadRenderer(BaseRenderer):
    """Lets `?format=csv|xlsx` through DRF's content negotiation; the view answers a
    download itself (streamed), so this never renders anything."""

    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> Any:
        return data


class CSVRenderer(_DownloadRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_DownloadRenderer):
    media_type = CONTENT_TYPES["xlsx"]
    format = "xlsx"


class ReportQuerySerializer(serializers.Serializer):
    from_ = serializers.DateField(required=False, help_text="First day (ISO date), included")
    to = serializers.DateField(required=False, help_text="Last day (ISO date), included")
    locality = serializers.CharField(
        required=False, max_length=20, help_text="A locality's code; absent for the whole borough"
    )
    format = serializers.ChoiceField(
        choices=["json", "csv", "xlsx"], required=False, default="json"
    )

    def get_fields(self) -> dict[str, Any]:
        # "from" is a Python keyword: the field is declared as from_ and named from here.
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A query string's empty value reads as "not given"; here it is a mistake.
        blank = {
            key: ["Give a value, or leave the parameter out"]
            for key in ("from", "to", "format")
            if key in self.initial_data and self.initial_data.get(key) == ""
        }
        if blank:
            raise serializers.ValidationError(blank)
        fallback = default_period()
        start, end = attrs.get("from"), attrs.get("to")
        if start is None and end is None:
            start, end = fallback.start, fallback.end
        elif start is None or end is None:
            missing = "from" if start is None else "to"
            raise serializers.ValidationError({missing: ["Give both from and to, or neither"]})
        try:
            attrs["period"] = period_check(start, end)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        code = attrs.get("locality")
        attrs["locality_obj"] = None
        if code:
            locality = policy.report_localities_for(self.context["user"]).filter(code=code).first()
            if locality is None:
                raise serializers.ValidationError(
                    {"locality": [f"No locality with the code {code!r}"]}
                )
            attrs["locality_obj"] = locality
        return attrs


_CELL = inline_serializer(
    "ReportCell",
    {
        "value": serializers.JSONField(
            help_text="The figure; null when suppressed or not computable"
        ),
        "kind": serializers.ChoiceField(
            choices=["count", "percent", "money", "hours", "number", "text", "date"]
        ),
        "base": serializers.IntegerField(required=False, help_text="The count it is computed from"),
        "part": serializers.IntegerField(required=False),
        "drill": serializers.CharField(required=False, help_text="Names the cases behind it"),
        "suppressed": serializers.BooleanField(required=False),
    },
)


def _table_list() -> Any:
    return inline_serializer("ReportTable", _TABLE_FIELDS, many=True)


_TABLE_FIELDS = {
    "key": serializers.CharField(),
    "title": serializers.CharField(),
    "columns": inline_serializer(
        "ReportColumn",
        {"key": serializers.CharField(), "label": serializers.CharField()},
        many=True,
    ),
    "rows": inline_serializer(
        "ReportRow",
        {
            "label": serializers.CharField(),
            "code": serializers.CharField(allow_blank=True),
            "cells": serializers.DictField(child=_CELL),
        },
        many=True,
    ),
    "chart": serializers.CharField(),
    "personal": serializers.BooleanField(help_text="Names cases: withheld without drill-down"),
    "withheld": serializers.BooleanField(required=False),
}
REPORT_SCHEMA = inline_serializer(
    "PerformanceReport",
    {
        "period": inline_serializer(
            "ReportPeriod", {"from": serializers.DateField(), "to": serializers.DateField()}
        ),
        "locality": serializers.CharField(
            allow_null=True, help_text="Locality code; null: whole borough"
        ),
        "as_of": serializers.DateField(),
        "definitions_version": serializers.CharField(),
        "source": serializers.ChoiceField(choices=["snapshot", "computed"]),
        "built_at": serializers.DateTimeField(allow_null=True),
        "code_version": serializers.CharField(allow_blank=True),
        "suppressed": serializers.BooleanField(),
        "measures": inline_serializer(
            "ReportMeasure",
            {
                "key": serializers.CharField(),
                "title": serializers.CharField(),
                "definition": serializers.CharField(help_text="Exactly what is counted"),
                "notes": serializers.ListField(child=serializers.CharField()),
                "estimate": serializers.BooleanField(),
                "tables": _table_list(),
            },
            many=True,
        ),
    },
)


class PerformanceReportView(APIView):
    """The performance measures (DESIGN §6) for a period and locality.

    `from` and `to` are days in Europe/London, both included (default: the last complete
    month). Managers read every figure; locality leaders read the aggregate, with numbers
    from 1 to 4 suppressed outside their own locality. `format=csv` or `format=xlsx`
    downloads it (every export is written to the access log).
    """

    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        # An error is JSON whatever format was asked for (the download renderers render
        # nothing): field errors a script can read, as every endpoint answers them.
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
            OpenApiParameter("locality", OpenApiTypes.STR),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"]),
        ],
        responses={
            (200, "application/json"): REPORT_SCHEMA,
            (200, CONTENT_TYPES["csv"]): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        user = api_user(request)
        if not policy.can_read_reports(user):
            raise PermissionDenied("Only managers and locality leaders read performance reports")
        query = ReportQuerySerializer(data=request.query_params, context={"user": user})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        locality = data["locality_obj"]
        scope = Scope(data["period"], locality.pk if locality else None)
        locality_name = locality.name if locality else "All localities"
        with transaction.atomic():
            read = report_for_user(user=user, scope=scope)
            if data["format"] in ("csv", "xlsx"):
                return report_export_response(
                    read=read,
                    fmt=data["format"],
                    locality_name=locality_name,
                    request=request._request,
                    user=user,
                )
            _log_if_cases_named(read, user, request, locality_name)
        body = dict(read.data)
        body.update(
            locality=locality.code if locality else None,
            source="snapshot" if read.snapshot else "computed",
            built_at=read.snapshot.built_at if read.snapshot else None,
            code_version=read.snapshot.code_version if read.snapshot else "",
            suppressed=read.suppressed,
        )
        return Response(body)


def _log_if_cases_named(read: Any, user: Any, request: Request, locality_name: str) -> None:
    """A report that lists cases (the breaches of the limit) is a read of those records."""
    named = any(
        table.get("personal") and table["rows"]
        for measure in read.data["measures"]
        for table in measure["tables"]
    )
    if named:
        period = read.data["period"]
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.LIST,
            what=f"Performance report, {period['from']} to {period['to']}, {locality_name}",
            request=request._request,
        )
