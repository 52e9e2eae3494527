"""Maps domain exceptions to HTTP answers, the same way for every endpoint.

- django ValidationError → 400 with field errors (same shape as DRF's)
- WorkflowError (an illegal or stale transition) → 409 with the case's current stage
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pathway.middleware import note_restricted_refusal
from pathway.policy import RestrictedRecord404
from pathway.workflow import WorkflowError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data: Any = {
                field: [message for error in errors for message in error.messages]
                for field, errors in exc.error_dict.items()
            }
        else:
            data = {"non_field_errors": exc.messages}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RestrictedRecord404) and "request" in context:
        note_restricted_refusal(context["request"], exc)
    if isinstance(exc, WorkflowError):
        return Response(exc.as_dict(), status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
