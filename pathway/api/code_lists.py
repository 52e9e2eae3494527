"""The code lists (DESIGN §5 and the pathway's own vocabularies) through the API: what a
client sends as `referral_source`, `primary_issue`, `channel`, `consent`, `decision`,
`reason`, `uptake` and the rest, with the labels the pages show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pathway import policy
from pathway.api.common import api_user
from pathway.choices import (
    Channel,
    ClosureReason,
    Consent,
    Decision,
    LawfulBasis,
    LevelOfNeed,
    Sex,
    UniversalUptake,
)
from pathway.models import OutcomeArea, PresentingIssue, ReferralSource

Items = list[dict[str, Any]]


def _choices(choices: type[models.TextChoices]) -> Callable[[], Items]:
    return lambda: [{"code": c.value, "label": c.label} for c in choices]


def _table(model: Any, *extra: str) -> Callable[[], Items]:
    def items() -> Items:
        rows = model.objects.filter(is_active=True).order_by("sort_order", "code")
        return list(rows.values("code", "label", *extra))

    return items


@dataclass(frozen=True)
class CodeList:
    title: str
    used_for: str
    items: Callable[[], Items]


CODE_LISTS: dict[str, CodeList] = {
    "referral_sources": CodeList(
        "Referral sources (CIN census)",
        "contact `referral_source`",
        _table(ReferralSource),
    ),
    "presenting_issues": CodeList(
        "Presenting issues (CIN assessment factors; suffix A child, B parent or carer, "
        "C other household member)",
        "contact `primary_issue`, `secondary_issues`",
        _table(PresentingIssue, "factor", "subject"),
    ),
    "outcome_areas": CodeList(
        "Supporting Families outcome areas",
        "CAF `needs[].outcome_area`",
        _table(OutcomeArea),
    ),
    "channels": CodeList("Contact channels", "contact `channel`", _choices(Channel)),
    "consent": CodeList(
        "Consent values", "contact `consent`, `consent_to_contact`", _choices(Consent)
    ),
    "lawful_bases": CodeList(
        "Lawful bases for sharing without consent",
        "contact `lawful_basis`; share `lawful_basis`",
        _choices(LawfulBasis),
    ),
    "decisions": CodeList("Screening decisions", "screen `decision`", _choices(Decision)),
    "levels_of_need": CodeList(
        "Levels on the continuum of need, lowest first",
        "screen `level_override`; step-up `level`",
        _choices(LevelOfNeed),
    ),
    "closure_reasons": CodeList("Closure reasons", "close `reason`", _choices(ClosureReason)),
    "uptake": CodeList(
        "Uptake of a universal offer", "follow-up `uptake`", _choices(UniversalUptake)
    ),
    "sexes": CodeList("Sex", "contact `children[].sex`, `adults[].sex`", _choices(Sex)),
}


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    factor = serializers.CharField(
        required=False, help_text="Presenting issues only: the CIN factor number"
    )
    subject = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Presenting issues only: A child, B parent or carer, C other member, "
        "blank not specific",
    )


class CodeListSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The list's name, as in /api/v1/code-lists/{name}/")
    title = serializers.CharField()
    used_for = serializers.CharField(help_text="Where the codes are sent")
    items = CodeSerializer(many=True)


# One property per list, so the document names every list and a client can rely on each.
CodeListsSerializer = type(
    "CodeListsSerializer",
    (serializers.Serializer,),
    {name: CodeListSerializer(help_text=code_list.title) for name, code_list in CODE_LISTS.items()},
)


def _body(name: str) -> dict[str, Any]:
    code_list = CODE_LISTS[name]
    return {
        "name": name,
        "title": code_list.title,
        "used_for": code_list.used_for,
        "items": code_list.items(),
    }


def _check_reader(request: Request) -> None:
    if not policy.can_read_reference_data(api_user(request)):
        raise PermissionDenied("Your role does not read reference data")


CHANNELS_EXAMPLE = {
    "name": "channels",
    "title": "Contact channels",
    "used_for": "contact `channel`",
    "items": [
        {"code": "phone", "label": "Phone call"},
        {"code": "police_domestic_incident", "label": "Police domestic-incident notification"},
    ],
}
REFERRAL_SOURCES_EXAMPLE = {
    "name": "referral_sources",
    "title": "Referral sources (CIN census)",
    "used_for": "contact `referral_source`",
    "items": [{"code": "6", "label": "Police"}],
}


class CodeListsView(APIView):
    """Every code list, keyed by name: each with its title, where its codes are sent, and
    its active codes with their labels, in display order. Any role may read them."""

    @extend_schema(
        operation_id="code_lists_list",
        responses={200: CodeListsSerializer},
        examples=[
            OpenApiExample(
                "Two of the lists (abridged)",
                value={"channels": CHANNELS_EXAMPLE, "referral_sources": REFERRAL_SOURCES_EXAMPLE},
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        _check_reader(request)
        return Response({name: _body(name) for name in CODE_LISTS})


class CodeListView(APIView):
    """One code list by name."""

    @extend_schema(
        operation_id="code_list_retrieve",
        parameters=[
            OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(CODE_LISTS))
        ],
        responses={200: CodeListSerializer},
        examples=[OpenApiExample("Channels", value=CHANNELS_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, name: str) -> Response:
        _check_reader(request)
        if name not in CODE_LISTS:
            raise NotFound(f"No code list {name!r}: the lists are {', '.join(CODE_LISTS)}")
        return Response(_body(name))
