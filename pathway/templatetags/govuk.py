"""Template tags that render Django form fields as GOV.UK Design System components."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from pathway import formatting
from pathway.govuk_forms import DateInputWidget

register = template.Library()


def _component(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, DateInputWidget):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.simple_tag
def govuk_field(
    field: forms.BoundField,
    label_size: str = "",
    classes: str = "",
    hint: str = "",
    is_page_heading: bool = False,
) -> SafeString:
    """Render one field with its label, hint and error message next to it."""
    if field.errors and isinstance(field.field.widget, DateInputWidget):
        # The day, month and year boxes get the red error border too.
        field.field.widget.attrs["has_errors"] = True
    context: dict[str, Any] = {
        "field": field,
        "label_size": label_size,
        "classes": classes,
        "hint": hint or field.help_text,
        "is_page_heading": is_page_heading,
        "input_type": getattr(field.field.widget, "input_type", "text"),
    }
    return render_to_string(f"govuk/{_component(field)}.html", context)


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """An error summary linking each message to its field (one for every form given)."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for name, messages in form.errors.items():
            if name == "__all__":
                target = ""
                if form.fields:
                    target = form[next(iter(form.fields))].auto_id or ""
            else:
                bound = form[name]
                target = bound.auto_id or ""
                if isinstance(
                    bound.field.widget,
                    (DateInputWidget, forms.RadioSelect, forms.CheckboxSelectMultiple),
                ):
                    target = f"{target}_0"
            for message in messages:
                errors.append({"text": message, "href": f"#{target}" if target else ""})
    return {"errors": errors}


@register.filter
def govuk_tag_colour(stage: str) -> str:
    """A GOV.UK tag colour for a case stage."""
    return {
        "contact": "govuk-tag--light-blue",
        "screening": "govuk-tag--yellow",
        "awaiting_allocation": "govuk-tag--orange",
        "universal_offer": "govuk-tag--turquoise",
        "allocated": "govuk-tag--blue",
        "tac": "govuk-tag--green",
        "stepped_up": "govuk-tag--red",
        "closed": "govuk-tag--grey",
    }.get(stage, "govuk-tag--grey")


@register.inclusion_tag("pathway/partials/address.html")
def family_address(family: Any, show_confidential: bool) -> dict[str, Any]:
    """A family's address, or a warning that it is confidential for those who may not see it."""
    return {"family": family, "show": (not family.address_confidential) or show_confidential}


@register.filter
def hours(value: float) -> str:
    """Working hours as '3 hours', '45 minutes'."""
    if value < 1:
        minutes = round(value * 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    whole = int(value)
    return f"{whole} hour{'s' if whole != 1 else ''}"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def lawful_basis_label(value: str) -> str:
    from pathway.choices import LawfulBasis

    return LawfulBasis(value).label if value in LawfulBasis.values else value


# One date and time format across the service (pathway/formatting.py). Aware datetimes
# arrive in the service's time zone (expects_localtime), as with Django's own `date`.
@register.filter(expects_localtime=True)
def govuk_date(value: Any) -> str:
    """'4 January 2027'."""
    return formatting.govuk_date(value)


@register.filter(expects_localtime=True)
def govuk_time(value: Any) -> str:
    """'1:35pm', '9am', 'midday', 'midnight'."""
    return formatting.govuk_time(value)


@register.filter(expects_localtime=True)
def govuk_datetime(value: Any) -> str:
    """'4 January 2027 at 1:35pm'."""
    return formatting.govuk_datetime(value)
