from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway.api.serializers import CaseSerializer, TokenRequestSerializer, TokenResponseSerializer
from pathway.auth import authenticate_with_throttle
from pathway.choices import Stage
from pathway.models import AccessLogEntry, Case
from pathway.selectors.cases import case_chronology, case_get_for_view, case_list
from pathway.services.audit import access_log_record


class TokenView(APIView):
    """Exchange a username and password for an API token (DESIGN §8)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer},
        auth=[],
        summary="Obtain an API token",
    )
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user, message = authenticate_with_throttle(
            request._request,
            body.validated_data["username"],
            body.validated_data["password"],
            via="api",
        )
        if user is None:
            return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            token, _ = Token.objects.get_or_create(user=user)
            if token.created < timezone.now() - settings.API_TOKEN_LIFETIME:
                token.delete()
                token = Token.objects.create(user=user)
        return Response(
            {"token": token.key, "expires_at": token.created + settings.API_TOKEN_LIFETIME}
        )


@extend_schema(
    parameters=[
        OpenApiParameter("stage", str, enum=Stage.values),
        OpenApiParameter("locality", int, description="Locality id"),
    ]
)
class CaseListView(generics.ListAPIView):
    """Cases the caller may see (through the access policy), newest first."""

    serializer_class = CaseSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        stage = self.request.query_params.get("stage") or None
        locality = self.request.query_params.get("locality")
        return case_list(
            user=self.request.user,  # type: ignore[arg-type]
            stage=stage if stage in Stage.values else None,
            locality_id=int(locality) if locality and locality.isdigit() else None,
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
            for e in case_chronology(case=case)[:1000]
        ]
        return Response(events)
