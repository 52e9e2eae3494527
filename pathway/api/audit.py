"""GET /api/v1/access-log/ (DESIGN §8): for information-governance auditors only."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied

from pathway import policy
from pathway.models import AccessLogEntry
from pathway.selectors.audit import AccessLogFilters, access_log


class AccessLogEntrySerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username")
    purpose = serializers.CharField(
        read_only=True,
        help_text=(
            "Why the record was read: the reason the user gave, else the page or API "
            'endpoint it was read through (e.g. "Case detail page", "API case detail")'
        ),
    )

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "at",
            "user",
            "action",
            "what",
            "purpose",
            "case",
            "person",
            "family",
            "path",
            "ip_address",
        ]
        read_only_fields = fields


def _int(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise serializers.ValidationError({name: ["Give a whole number"]})
    return int(value)


class AccessLogQuerySerializer(serializers.Serializer):
    """The search, as the access-log page has it (every field optional)."""

    record = serializers.CharField(
        required=False,
        max_length=100,
        help_text="A person's name, or a reference: P000123, F000045 or C000678",
    )
    user_name = serializers.CharField(
        required=False, max_length=100, help_text="A user's name or username"
    )
    action = serializers.ChoiceField(choices=AccessLogEntry.Action.choices, required=False)
    purpose = serializers.CharField(required=False, max_length=100)
    date_from = serializers.DateField(required=False, help_text="Inclusive, YYYY-MM-DD")
    date_to = serializers.DateField(required=False, help_text="Inclusive, YYYY-MM-DD")

    def validate(self, attrs: dict) -> dict:  # type: ignore[type-arg]
        for name in ("date_from", "date_to"):
            day = attrs.get(name)
            if day is not None and not 2000 <= day.year <= 2100:
                raise serializers.ValidationError({name: ["Give a date from 2000 to 2100"]})
        for name in ("record", "user_name", "purpose"):
            if "\x00" in attrs.get(name, ""):
                raise serializers.ValidationError({name: ["Remove the NUL character"]})
        if (
            attrs.get("date_from")
            and attrs.get("date_to")
            and attrs["date_from"] > attrs["date_to"]
        ):
            raise serializers.ValidationError({"date_to": ["Must be on or after date_from"]})
        return attrs


@extend_schema(
    parameters=[
        OpenApiParameter("case", OpenApiTypes.INT),
        OpenApiParameter("person", OpenApiTypes.INT),
        OpenApiParameter("user", OpenApiTypes.INT),
        AccessLogQuerySerializer,
    ]
)
class AccessLogView(generics.ListAPIView):
    """Who viewed, searched or exported what, when and why."""

    serializer_class = AccessLogEntrySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if not policy.can_read_access_log(self.request.user):
            raise PermissionDenied("Only information-governance auditors read the access log")
        params = self.request.query_params
        query = AccessLogQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return access_log(
            case_id=_int(params.get("case"), "case"),
            person_id=_int(params.get("person"), "person"),
            user_id=_int(params.get("user"), "user"),
            filters=AccessLogFilters(
                record=data.get("record", ""),
                user=data.get("user_name", ""),
                action=data.get("action", ""),
                purpose=data.get("purpose", ""),
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
            ),
        )
