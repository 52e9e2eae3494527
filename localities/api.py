"""Allocation through the API: allocate, reallocate, transfer; and the reference data a
client needs for it: localities, their teams and workers, agencies and their services."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from localities.models import Agency, Locality, Team
from localities.selectors import agency_lead_memberships, allocatable_workers, caseloads
from localities.services import (
    case_allocate,
    case_reallocate,
    case_transfer,
    family_locality_change,
)
from pathway import policy
from pathway.api.common import CONFLICT, VersionedSerializer, api_user, case_for_action
from pathway.api.serializers import CaseSerializer
from pathway.choices import CASELOAD_STAGES
from pathway.models import Case, User


class AllocateSerializer(VersionedSerializer):
    locality = serializers.SlugRelatedField(
        slug_field="code", queryset=Locality.objects.all(), required=False
    )
    team = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Team.objects.all(),
        help_text="A team's code, from GET /api/v1/localities/{id}/",
    )
    worker = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        help_text="A worker's username, from GET /api/v1/localities/{id}/",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    allow_over_capacity = serializers.BooleanField(
        default=False, help_text="Allocate even though the worker is at or over capacity"
    )


class CaseAllocateView(APIView):
    """Allocate a case awaiting allocation to a team and a lead professional.

    A worker at or over capacity is a 400 on `worker` unless `allow_over_capacity` is true.
    """

    @extend_schema(request=AllocateSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for_action(request, pk, "allocate")
        data = _allocation_body(request, case)
        case_allocate(
            case=case,
            allocated_by=api_user(request),
            team=data["team"],
            worker=data["worker"],
            reason=data["reason"],
            expected_version=data.get("version"),
            allow_over_capacity=data["allow_over_capacity"],
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


class CaseReallocateView(APIView):
    """Give an allocated case a new team or lead professional (a reason is required)."""

    @extend_schema(request=AllocateSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for_action(request, pk, "reallocate")
        data = _allocation_body(request, case)
        case_reallocate(
            case=case,
            reallocated_by=api_user(request),
            team=data["team"],
            worker=data["worker"],
            reason=data["reason"],
            expected_version=data.get("version"),
            allow_over_capacity=data["allow_over_capacity"],
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


def _allocation_body(request: Request, case: Case) -> dict[str, Any]:
    body = AllocateSerializer(data=request.data)
    # Only the workers who could take this case can be named: anyone else answers exactly
    # like a username that does not exist, so the API is no way to list the council's staff.
    body.fields["worker"].queryset = allocatable_workers(case=case)
    body.is_valid(raise_exception=True)
    data: dict[str, Any] = body.validated_data
    if data.get("locality") and data["locality"].pk != data["team"].locality_id:
        raise serializers.ValidationError(
            {"team": [f"{data['team'].name} is not in {data['locality'].name}"]}
        )
    return data


class TransferSerializer(VersionedSerializer):
    locality = serializers.SlugRelatedField(slug_field="code", queryset=Locality.objects.all())
    reason = serializers.CharField()


class CaseTransferView(APIView):
    """Move a case to another locality's allocation queue; its leaders are notified."""

    @extend_schema(request=TransferSerializer, responses={200: CaseSerializer, **CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        case = case_for_action(request, pk, "transfer")
        body = TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case_transfer(
            case=case,
            transferred_by=api_user(request),
            locality=body.validated_data["locality"],
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(
            CaseSerializer(Case.objects.get(pk=case.pk), context={"request": request}).data
        )


# --- Reference data: localities, teams, workers, agencies (issue 11) --------------------


class TeamSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "code", "name", "kind"]
        read_only_fields = fields


class LocalitySummarySerializer(serializers.ModelSerializer):
    teams = TeamSummarySerializer(many=True, read_only=True, source="active_teams")

    class Meta:
        model = Locality
        fields = ["id", "code", "name", "teams"]
        read_only_fields = fields


class WorkerSerializer(serializers.Serializer):
    username = serializers.CharField(
        source="worker.username", help_text="What to send as `worker` to allocate"
    )
    name = serializers.CharField(source="worker.get_full_name")
    may_lead_cases = serializers.BooleanField(
        help_text="Whether their role lets them be a case's lead professional"
    )
    capacity = serializers.IntegerField(allow_null=True, help_text="Null: no capacity set")
    open_cases = serializers.IntegerField(help_text="Cases they lead, allocated or at TAC")
    over_capacity = serializers.BooleanField(
        help_text="At or over capacity: allocating needs allow_over_capacity"
    )
    cafs_near_limit = serializers.IntegerField(
        source="near_limit", help_text="Open CAF recommendations due within the reminder window"
    )
    cafs_past_limit = serializers.IntegerField(
        source="past_limit", help_text="Open CAF recommendations past the 20-working-day limit"
    )


class TeamWithWorkersSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="team.id")
    code = serializers.CharField(source="team.code", help_text="What to send as `team`")
    name = serializers.CharField(source="team.name")
    kind = serializers.ChoiceField(choices=Team.Kind.choices, source="team.kind")
    workers = WorkerSerializer(many=True)


class PartnerLeadSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="What to send as `worker` to allocate")
    name = serializers.CharField()
    agency = serializers.CharField(help_text="The agency's code")
    capacity = serializers.IntegerField()
    open_cases = serializers.IntegerField(help_text="Cases they lead, allocated or at TAC")
    over_capacity = serializers.BooleanField(
        help_text="At or over capacity: allocating needs allow_over_capacity"
    )


class LocalityDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="What to send as `locality`")
    name = serializers.CharField()
    teams = TeamWithWorkersSerializer(many=True)
    partner_lead_professionals = PartnerLeadSerializer(
        many=True,
        help_text="Partner agencies' practitioners who may lead a CAF here, with any of the "
        "locality's teams (an agency membership with a capacity, here or borough-wide)",
    )


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "tier", "offers_universal_service"]
        read_only_fields = fields
        extra_kwargs = {
            "code": {"help_text": "What to send as `agency` or `universal_service`"},
            "tier": {"help_text": "The service's tier on the continuum of need"},
            "offers_universal_service": {
                "help_text": "May be offered by a universal recommendation (screening "
                "decision `universal`)"
            },
        }


class AgencyQuerySerializer(serializers.Serializer):
    offers_universal_service = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only those that do (or don't)"
    )

    def validate_offers_universal_service(self, value: bool | None) -> bool | None:
        # Absent means "all"; present but empty is a mistake, not "all" (as for every filter).
        if value is None and self.initial_data.get("offers_universal_service") is not None:
            raise serializers.ValidationError("Give true or false, or leave the filter out")
        return value


LOCALITIES_EXAMPLE = [
    {
        "id": 1,
        "code": "central",
        "name": "Stockport Central",
        "teams": [
            {
                "id": 4,
                "code": "central-early-help",
                "name": "Central Early Help",
                "kind": "locality",
            }
        ],
    }
]
LOCALITY_EXAMPLE = {
    "id": 1,
    "code": "central",
    "name": "Stockport Central",
    "partner_lead_professionals": [
        {
            "username": "hana.visitor",
            "name": "Hana Visitor",
            "agency": "health-visiting",
            "capacity": 6,
            "open_cases": 2,
            "over_capacity": False,
        }
    ],
    "teams": [
        {
            "id": 4,
            "code": "central-early-help",
            "name": "Central Early Help",
            "kind": "locality",
            "workers": [
                {
                    "username": "pat.practitioner",
                    "name": "Pat Practitioner",
                    "may_lead_cases": True,
                    "capacity": 12,
                    "open_cases": 9,
                    "over_capacity": False,
                    "cafs_near_limit": 1,
                    "cafs_past_limit": 0,
                }
            ],
        }
    ],
}
AGENCIES_EXAMPLE = [
    {
        "id": 2,
        "code": "health-visiting",
        "name": "Health Visiting",
        "kind": "health_visiting",
        "tier": "universal",
        "offers_universal_service": True,
    }
]


def _active_teams() -> Prefetch[Any]:
    return Prefetch(
        "teams",
        queryset=Team.objects.filter(is_active=True).order_by("name"),
        to_attr="active_teams",
    )


class LocalityListView(APIView):
    """Every active locality and its active teams (staff roles; not partners). Workers,
    their capacity and caseloads are on each locality's own page."""

    @extend_schema(
        responses={200: LocalitySummarySerializer(many=True)},
        examples=[OpenApiExample("A locality", value=LOCALITIES_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        if not policy.can_read_localities(api_user(request)):
            raise PermissionDenied("Your role does not read the council's localities")
        localities = Locality.objects.filter(is_active=True).prefetch_related(_active_teams())
        return Response(LocalitySummarySerializer(localities.order_by("name"), many=True).data)


class LocalityDetailView(APIView):
    """One locality: its active teams, and each team's workers with capacity, open cases
    and CAFs near or past the 20-working-day limit. Locality leaders see their own
    locality's, managers every one's; for anyone else it is a 404."""

    @extend_schema(
        responses={200: LocalityDetailSerializer},
        examples=[OpenApiExample("A locality", value=LOCALITY_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        locality = (
            policy.localities_with_workers_visible_to(user)
            .filter(pk=pk)
            .prefetch_related(_active_teams())
            .first()
        )
        if locality is None:
            raise NotFound("No locality found")
        loads = {load.team.pk: load for load in caseloads(localities=[locality])}
        worker_ids = [w.worker.pk for load in loads.values() for w in load.workers]
        may_lead = set(
            policy.users_who_may_lead_cases().filter(pk__in=worker_ids).values_list("pk", flat=True)
        )
        teams = []
        for team in locality.active_teams:
            workers = loads[team.pk].workers if team.pk in loads else []
            teams.append(
                {
                    "team": team,
                    "workers": [
                        {
                            "worker": w.worker,
                            "may_lead_cases": w.worker.pk in may_lead,
                            "capacity": w.capacity,
                            "open_cases": w.open_cases,
                            "over_capacity": w.over_capacity,
                            "near_limit": w.near_limit,
                            "past_limit": w.past_limit,
                        }
                        for w in workers
                    ],
                }
            )
        body = {
            "id": locality.pk,
            "code": locality.code,
            "name": locality.name,
            "teams": teams,
            "partner_lead_professionals": _partner_leads(locality),
        }
        return Response(LocalityDetailSerializer(body).data)


class AgencyListView(APIView):
    """Every active partner agency and service with its tier on the continuum of need
    (any role, partners included). A universal recommendation names one that
    `offers_universal_service`."""

    @extend_schema(
        parameters=[AgencyQuerySerializer],
        responses={200: AgencySerializer(many=True)},
        examples=[OpenApiExample("An agency", value=AGENCIES_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        if not policy.can_read_reference_data(api_user(request)):
            raise PermissionDenied("Your role does not read reference data")
        query = AgencyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        universal = query.validated_data["offers_universal_service"]
        if universal is not None:
            agencies = agencies.filter(offers_universal_service=universal)
        return Response(AgencySerializer(agencies, many=True).data)


# --- Correcting a family's locality (the page's "change locality", issue 11) ------------


class FamilyLocalitySerializer(serializers.Serializer):
    locality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Locality.objects.filter(is_active=True),
        help_text="A locality's code, from GET /api/v1/localities/",
    )
    reason = serializers.CharField(max_length=10_000)


class FamilyLocalityResultSerializer(serializers.Serializer):
    family = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    locality = serializers.CharField(source="locality.code")


class FamilyLocalityView(APIView):
    """Change the locality suggested from a family's postcode (or give one the postcode did
    not), with a reason. An open case no locality team holds yet moves with the family; an
    allocated one stays until it is transferred. The front door and locality leaders, for a
    family whose open case they may change; any other family is a 404."""

    @extend_schema(
        request=FamilyLocalitySerializer, responses={200: FamilyLocalityResultSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        case = policy.cases_changeable_by(user).filter(family_id=pk).first()
        if case is None:
            raise NotFound("No family found")
        family = case.family
        if not policy.can_change_family_locality(user, family):
            raise PermissionDenied("You may not change this family's locality")
        body = FamilyLocalitySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = family_locality_change(
            family=family,
            changed_by=user,
            locality=body.validated_data["locality"],
            reason=body.validated_data["reason"],
        )
        return Response(FamilyLocalityResultSerializer(changed).data)


def _partner_leads(locality: Locality) -> list[dict[str, Any]]:
    """Two queries, whatever the number of partners."""
    rows = list(
        agency_lead_memberships(locality_id=locality.pk)
        .filter(user__in=policy.users_who_may_lead_cases())
        .select_related("user", "agency")
        .order_by("agency__name", "user__last_name", "user__first_name")
    )
    loads = dict(
        Case.objects.filter(
            stage__in=CASELOAD_STAGES, lead_professional__in=[r.user_id for r in rows]
        )
        .values_list("lead_professional_id")
        .annotate(n=Count("pk"))
    )
    leads = []
    for row in rows:
        assert row.agency is not None and row.capacity is not None
        open_cases = loads.get(row.user_id, 0)
        leads.append(
            {
                "username": row.user.username,
                "name": row.user.get_full_name(),
                "agency": row.agency.code,
                "capacity": row.capacity,
                "open_cases": open_cases,
                "over_capacity": open_cases >= row.capacity,
            }
        )
    return leads
