"""GET /api/v1/access-log/ (DESIGN §8): for information-governance auditors only."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied

from pathway import policy
from pathway.models import AccessLogEntry
from pathway.selectors.audit import access_log


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


@extend_schema(
    parameters=[
        OpenApiParameter("case", OpenApiTypes.INT),
        OpenApiParameter("person", OpenApiTypes.INT),
        OpenApiParameter("user", OpenApiTypes.INT),
    ]
)
class AccessLogView(generics.ListAPIView):
    """Who viewed, searched or exported what, when and why."""

    serializer_class = AccessLogEntrySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if not policy.can_read_access_log(self.request.user):
            raise PermissionDenied("Only information-governance auditors read the access log")
        params = self.request.query_params
        return access_log(
            case_id=_int(params.get("case"), "case"),
            person_id=_int(params.get("person"), "person"),
            user_id=_int(params.get("user"), "user"),
        )
