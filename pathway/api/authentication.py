from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused once the token is older than API_TOKEN_LIFETIME."""

    def authenticate_credentials(self, key: str) -> tuple[object, Token]:
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - settings.API_TOKEN_LIFETIME:
            token.delete()
            raise exceptions.AuthenticationFailed("Token has expired; request a new one")
        return user, token


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pathway.api.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, from POST /api/v1/auth/token/",
        }
