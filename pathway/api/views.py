from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway.api.serializers import TokenRequestSerializer, TokenResponseSerializer
from pathway.auth import authenticate_with_throttle


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
