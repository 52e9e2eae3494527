"""GET /api/v1/people/{id}/subject-access/ (DESIGN §8): information governance only."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.sar import subject_access_export
from pathway.api.common import api_user
from pathway.subject_access import subject_access_as_json

_ITEM = inline_serializer(
    "SubjectAccessItem",
    {
        "ref": serializers.CharField(help_text='Unique in the export, e.g. "contact:12"'),
        "title": serializers.CharField(),
        "fields": serializers.DictField(child=serializers.JSONField()),
        "third_party": serializers.DictField(
            child=serializers.CharField(),
            help_text="Field label → why it holds third-party data, for the reviewer",
        ),
    },
)
_EXPORT = inline_serializer(
    "SubjectAccessExport",
    {
        "person": serializers.IntegerField(),
        "reference": serializers.CharField(),
        "generated_at": serializers.DateTimeField(),
        "sections": inline_serializer(
            "SubjectAccessSection",
            {"key": serializers.CharField(), "title": serializers.CharField(), "items": _ITEM},
            many=True,
        ),
    },
)


class SubjectAccessView(APIView):
    """Everything held about a person, third-party data flagged. With `redact`, the
    released version: each named field ("ref|field label", or "third_party" for every
    flagged field) is "[redacted]". Anyone but information governance: 404."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "redact",
                OpenApiTypes.STR,
                many=True,
                description='"ref|field label" to redact, repeated; "third_party" for all flagged',
            )
        ],
        responses={200: _EXPORT, 404: OpenApiResponse(description="No such person you may see")},
    )
    def get(self, request: Request, pk: int) -> Response:
        redact = [value.replace("\x00", "") for value in request.query_params.getlist("redact")]
        person, sections = subject_access_export(
            user=api_user(request),
            pk=pk,
            redactions=set(redact) if redact else None,
            request=request._request,
        )
        return Response(subject_access_as_json(person, sections))
