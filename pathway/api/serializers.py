from __future__ import annotations

from rest_framework import serializers

from pathway import policy
from pathway.choices import (
    ClosureReason,
    LevelOfNeed,
    RecommendationKind,
    RecommendationStatus,
    UniversalUptake,
)
from pathway.models import Case


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )
    otp_code = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        help_text=(
            "The current code from the account's authenticator app (or a recovery code): "
            "required for accounts with two-step verification (partner agencies)"
        ),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class RecommendationSerializer(serializers.Serializer):
    """A recommendation as every endpoint shows it (DESIGN §8). A plain serializer over the
    case's `recommendations` relation, so the core's case API needs no import of caf."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=RecommendationKind.choices, read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True, allow_null=True)
    made_on = serializers.DateField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(choices=RecommendationStatus.choices, read_only=True)
    completed_on = serializers.DateField(read_only=True, allow_null=True)
    uptake = serializers.ChoiceField(
        choices=UniversalUptake.choices, read_only=True, allow_blank=True
    )
    satisfaction = serializers.IntegerField(read_only=True, allow_null=True)
    breached_on = serializers.DateField(read_only=True, allow_null=True)


class CaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    family = serializers.IntegerField(source="family_id", read_only=True)
    family_name = serializers.SerializerMethodField(
        help_text=(
            'What people call the family: "Okonkwo-Brennan family, 14 Hollins Lane", or '
            '"Okonkwo-Brennan family (address withheld)" when the address is confidential '
            "and the caller may not see it"
        )
    )
    # Null until the case has a locality, a team or a lead professional; "" (blank) until
    # it is screened or closed. The document says so (issue 10: schema conformance).
    locality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    team = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    lead_professional = serializers.SerializerMethodField()
    level_of_need = serializers.ChoiceField(
        choices=LevelOfNeed.choices, read_only=True, allow_blank=True
    )
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, read_only=True, allow_blank=True
    )
    chronology = serializers.HyperlinkedIdentityField(view_name="api-case-chronology")
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "family",
            "family_name",
            "stage",
            "level_of_need",
            "origin",
            "locality",
            "team",
            "lead_professional",
            "opened_at",
            "closed_at",
            "closure_reason",
            "version",
            "recommendations",
            "chronology",
        ]
        read_only_fields = fields

    def get_family_name(self, case: Case) -> str:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        show = user is not None and policy.can_see_confidential_address(user)
        return case.family.display_name(show_address=show)

    def get_lead_professional(self, case: Case) -> str | None:
        return str(case.lead_professional) if case.lead_professional else None
