"""The API's JSON parser: the standard one, refusing what would otherwise be a 500.

- JSON nested deeper than MAX_DEPTH (Python's decoder raises RecursionError on deep input,
  which DRF does not catch) is a 400.
- A NUL character in any string (PostgreSQL cannot store one in text, so any lookup or save
  of it is a DataError) is a 400 naming the top-level field it is in.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

MAX_DEPTH = 32
NUL_MESSAGE = "Remove the NUL character (\\u0000): it cannot be stored"


def nul_fields(data: Any) -> list[str]:
    """The top-level keys (or "non_field_errors") whose value holds a NUL character."""
    if isinstance(data, dict):
        return [str(key) for key, value in data.items() if _has_nul(key) or _has_nul(value)]
    return ["non_field_errors"] if _has_nul(data) else []


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _depth(value: Any) -> int:
    """How deeply containers nest (iteratively, so depth itself cannot overflow the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested too deeply: at most {MAX_DEPTH} levels") from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(f"JSON nested too deeply: at most {MAX_DEPTH} levels")
        problems = nul_fields(data)
        if problems:
            raise ParseError({field: [NUL_MESSAGE] for field in problems})
        return data


def _refuse_nul_in_form(data: Any) -> None:
    """Form and multipart bodies (a QueryDict) get the same NUL check as JSON."""
    problems = sorted(
        {
            key if "\x00" not in key else "non_field_errors"
            for key, values in data.lists()
            for value in [key, *values]
            if isinstance(value, str) and "\x00" in value
        }
    )
    if problems:
        raise ParseError({field: [NUL_MESSAGE] for field in problems})


class SafeFormParser(FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul_in_form(data)
        return data


class SafeMultiPartParser(MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_nul_in_form(parsed.data)
        return parsed
