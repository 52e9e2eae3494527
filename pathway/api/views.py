from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway import policy
from pathway.api.serializers import TokenRequestSerializer, TokenResponseSerializer
from pathway.auth import authenticate_with_throttle
from pathway.services.mfa import mfa_is_enrolled, mfa_verify

OTP_REQUIRED = (
    "A one-time code is required for this account: send otp_code with the current code "
    "from your authenticator app"
)
OTP_WRONG = (
    "The one-time code is not right (or two-step verification is not set up: sign in on "
    "the web first)"
)


class TokenView(APIView):
    """Exchange a username and password for an API token (DESIGN §8)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            401: inline_serializer(
                "OtpRequired",
                {"detail": serializers.CharField(), "code": serializers.CharField()},
            ),
        },
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
        if policy.mfa_required(user):
            # docs/adr/0014: a token only with a current one-time code.
            code = body.validated_data.get("otp_code", "")
            if not code:
                return Response(
                    {"detail": OTP_REQUIRED, "code": "otp_required"},
                    status=status.HTTP_401_UNAUTHORIZED,
                    headers={"WWW-Authenticate": 'OTP realm="api"'},
                )
            if not mfa_is_enrolled(user) or mfa_verify(user=user, code=code) is None:
                return Response(
                    {"detail": OTP_WRONG, "code": "otp_invalid"},
                    status=status.HTTP_401_UNAUTHORIZED,
                    headers={"WWW-Authenticate": 'OTP realm="api"'},
                )
        with transaction.atomic():
            token, _ = Token.objects.get_or_create(user=user)
            if token.created < timezone.now() - settings.API_TOKEN_LIFETIME:
                token.delete()
                token = Token.objects.create(user=user)
        return Response(
            {"token": token.key, "expires_at": token.created + settings.API_TOKEN_LIFETIME}
        )
