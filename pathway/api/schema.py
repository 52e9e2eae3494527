"""Additions to the generated OpenAPI document that every operation shares.

Every endpoint can answer 400 (field errors), 401 (no or expired token), 403 (the caller's
role may not do this), 404 (missing, or not visible to the caller: DESIGN §7) and, for
writes, 409 (the workflow refuses the move, or the case changed meanwhile). Documented
once here rather than on each view, so the document cannot forget one.
"""

from __future__ import annotations

from typing import Any

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_FIELD_ERRORS = {
    "type": "object",
    "description": "Field name (or non_field_errors, or detail) → messages",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}
_CONFLICT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "verb": {"type": "string"},
        "case": {"type": "integer"},
        "stage": {"type": "string"},
        "version": {"type": "integer"},
    },
    "required": ["detail"],
}
COMMON_ERRORS: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("Bad input: field errors", _FIELD_ERRORS),
    "401": ("Not signed in, or the token has expired", _DETAIL),
    "403": ("The caller's role may not do this", _DETAIL),
    "404": ("Not found, or not visible to the caller", _DETAIL),
}
WRITE_ERRORS = {"409": ("The workflow refuses this now, or the case changed", _CONFLICT)}


def add_common_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: document the shared error answers."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(COMMON_ERRORS)
            if method in ("post", "put", "patch", "delete"):
                errors.update(WRITE_ERRORS)
            for status, (description, schema) in errors.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
    return result
