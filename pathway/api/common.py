"""Plumbing every app's API shares: the conflict response, the version field, the caller."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from pathway import policy
from pathway.models import Case, User
from pathway.selectors.cases import case_get_for_view

CONFLICT = {
    409: inline_serializer(
        "Conflict",
        {
            "detail": serializers.CharField(),
            "code": serializers.CharField(),
            "case": serializers.IntegerField(),
            "stage": serializers.CharField(),
            "version": serializers.IntegerField(),
        },
    )
}


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The case version you acted on; a stale version is a 409"
    )


def api_user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def case_for_action(request: Request, pk: int, verb: str) -> Case:
    """The case if the caller may see it (else 404) and may do `verb` to it (else 403)."""
    case = case_get_for_view(user=api_user(request), pk=pk, request=request._request)
    if not policy.can_act(api_user(request), case, verb):
        raise PermissionDenied(f"You may not {verb.replace('_', ' ')} this case")
    return case


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField turns 12 or true into "12"
    or "True", so a client's wrong type would be saved instead of refused (schemathesis'
    negative-data check). A number, boolean, list or object is a 400 naming the field."""

    default_error_messages = {"invalid": "Enter text (a JSON string), not a {kind}."}

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            kind = (
                "number"
                if isinstance(data, int | float) and not isinstance(data, bool)
                else ("true/false value" if isinstance(data, bool) else "list or object")
            )
            self.fail("invalid", kind=kind)
        return super().to_internal_value(data)
