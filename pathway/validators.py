"""Validators for identifiers the pathway relies on to match people correctly."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_NHS_WEIGHTS = range(10, 1, -1)


def nhs_number_is_valid(value: str) -> bool:
    """True for a 10-digit NHS number whose modulus-11 check digit is right."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], _NHS_WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:  # no valid check digit exists for this stem
        return False
    return check == int(digits[9])


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def format_nhs_number(value: str) -> str:
    """The NHS's own display format, 3-3-4: "4857773456" → "485 777 3456"."""
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 485 777 3456", code="format"
        )
    if len(set(digits)) == 1:
        # 0000000000 passes the modulus-11 check but is no one's number: it is what a
        # form gets when someone types zeros to get past a required field.
        raise ValidationError(
            "Enter the child's real NHS number, or leave it blank if it is not known",
            code="placeholder",
        )
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            "Enter a valid NHS number: the check digit does not match", code="check_digit"
        )


# The UK postcode format (outward code, space, inward code), as used by Royal Mail.
_POSTCODE_RE = re.compile(
    r"^(GIR 0AA|"
    r"[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?|[0-9][A-HJKPSTUW]) "
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: str) -> str:
    """Upper-case, single space before the inward code: " sk1  3xe" → "SK1 3XE"."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(value: str) -> bool:
    return bool(_POSTCODE_RE.match(normalise_postcode(value)))


def validate_postcode(value: str) -> None:
    if not postcode_is_valid(value):
        raise ValidationError("Enter a real UK postcode, like SK1 3XE", code="postcode")


def postcode_prefixes(postcode: str) -> list[str]:
    """Prefixes of a normalised postcode, longest first: sector, district, area."""
    if not postcode_is_valid(postcode):
        return []
    normalised = normalise_postcode(postcode)
    outward, inward = normalised.split(" ", 1)
    area = re.match(r"[A-Z]+", outward)
    prefixes = [f"{outward} {inward[0]}", outward]
    if area:
        prefixes.append(area.group(0))
    return prefixes


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_is_valid(value: str) -> bool:
    """A Unique Pupil Number: check letter then 12 characters (DfE algorithm)."""
    upn = (value or "").strip().upper()
    if not re.fullmatch(r"[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]", upn):
        return False
    total = 0
    for weight, char in enumerate(upn[1:], start=2):
        total += weight * (int(char) if char.isdigit() else _UPN_LETTERS.index(char))
    return _UPN_LETTERS[total % 23] == upn[0]


def validate_upn(value: str) -> None:
    if not upn_is_valid(value):
        raise ValidationError(
            "Enter a valid unique pupil number: a check letter then 12 characters",
            code="upn",
        )


# Free text on a workflow action (a reason, a note, a rationale): long enough for a full
# account, short enough that a pasted document or a 1 MB probe is refused, not stored.
MAX_FREE_TEXT = 10_000


def validate_free_text(**fields: str | None) -> None:
    """Raise ValidationError naming every field longer than MAX_FREE_TEXT characters."""
    errors = {
        name: f"Keep this to {MAX_FREE_TEXT:,} characters or fewer (it is {len(value):,})"
        for name, value in fields.items()
        if value is not None and len(value) > MAX_FREE_TEXT
    }
    if errors:
        raise ValidationError(errors)
