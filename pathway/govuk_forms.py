"""Form widgets and fields that render as GOV.UK Design System components."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # Sub-fields are named <name>_0 (day), <name>_1 (month), <name>_2 (year).
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: date | None) -> list[int | None]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = DateInputWidget

    def __init__(self, *, label_lower: str = "date", **kwargs: Any) -> None:
        self.label_lower = label_lower
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name
            for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(
                f"The {self.label_lower} must include a {' and '.join(missing)}", code="incomplete"
            )
        if (
            not (day.isdigit() and month.isdigit() and year.isdigit())
            or len(year) != 4
            or len(day) > 2
            or len(month) > 2
        ):
            raise ValidationError(
                f"The {self.label_lower} must be a real date, like 27 3 2019", code="invalid"
            )
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(
                f"The {self.label_lower} must be a real date, like 27 3 2019", code="invalid"
            ) from None


NUL_FORM_MESSAGE = "Remove the hidden control character (NUL) from this answer: it cannot be stored"


class NulSafeFormMixin(forms.Form):
    """A form that answers a NUL character in any submitted value with an error next to
    that field, instead of a 500.

    PostgreSQL cannot store or compare text holding NUL (psycopg raises DataError), and a
    choice field would look its value up in the database before any validator ran. So the
    characters are taken out of the data before the fields are cleaned, and each field
    they were in gets an error: nothing with a NUL reaches a query, and nothing typed is
    silently accepted as if it were fine.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._nul_fields: set[str] = set()
        if not self.is_bound or not hasattr(self.data, "lists"):
            return
        clean = self.data.copy()
        for key, values in self.data.lists():
            if any("\x00" in value for value in values if isinstance(value, str)):
                clean.setlist(key, [v.replace("\x00", "") for v in values])
                self._nul_fields.add(self._field_for(key))
        if self._nul_fields:
            self.data = clean

    def _field_for(self, key: str) -> str:
        """The form field a submitted key belongs to (a date's day box `x_0` is `x`)."""
        name = key[len(self.prefix) + 1 :] if self.prefix and key.startswith(self.prefix) else key
        if name in self.fields:
            return name
        base, _, index = name.rpartition("_")
        if index.isdigit() and base in self.fields:
            return base
        return NON_FIELD_ERRORS

    def _post_clean(self) -> None:
        super()._post_clean()
        for name in sorted(self._nul_fields):
            field = None if name == NON_FIELD_ERRORS else name
            self.add_error(field, NUL_FORM_MESSAGE)
