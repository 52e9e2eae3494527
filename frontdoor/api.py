"""POST /api/v1/contacts/ and GET /api/v1/people/search/ (DESIGN §8)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from frontdoor.selectors.contacts import contact_get_for_view
from frontdoor.selectors.people import (
    parse_people_query,
    people_search,
    search_date_of_birth_error,
)
from frontdoor.services.contacts import (
    MAX_ADULTS,
    MAX_CHILDREN,
    AdultToChild,
    ContactDetails,
    NewFamily,
    NewPerson,
    PossibleDuplicates,
    contact_record,
    new_person_errors,
)
from pathway import policy
from pathway.api.common import StrictCharField
from pathway.choices import AdultRelationship, Channel, Consent, LawfulBasis, Sex
from pathway.models import Contact, Family, Person, PresentingIssue, ReferralSource, User
from pathway.validators import normalise_postcode, validate_nhs_number, validate_postcode


def _django_validator(validator: Any) -> Any:
    def run(value: str) -> None:
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            validator(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    return run


class NewFamilySerializer(serializers.Serializer):
    address = StrictCharField(
        max_length=150, required=False, allow_blank=True, help_text="First line of the address"
    )
    address_line_2 = StrictCharField(max_length=150, required=False, allow_blank=True)
    town = StrictCharField(max_length=80, required=False, allow_blank=True)
    postcode = StrictCharField(max_length=10, validators=[_django_validator(validate_postcode)])
    address_confidential = serializers.BooleanField(default=False)


class NewPersonSerializer(serializers.Serializer):
    given_name = StrictCharField(max_length=100)
    family_name = StrictCharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    expected_date = serializers.DateField(
        required=False, allow_null=True, help_text="For an unborn child, instead of date_of_birth"
    )
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.NOT_KNOWN)
    # Not strict: partner systems send an NHS number as a JSON number too (it is digits).
    nhs_number = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        validators=[_django_validator(validate_nhs_number)],
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        # The rules are the recording service's; here they are only shown field by field.
        errors = new_person_errors(NewPerson(**{"nhs_number": "", **data}))
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return data


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "An existing person's id"},
            {"$ref": "#/components/schemas/NewPerson"},
        ]
    }
)
class PersonReferenceField(serializers.Field):
    """An existing person's id, or the details of a new person."""

    default_error_messages = {
        "unknown": "No person with id {value}",
        "invalid": "Give a person's id or an object with given_name and family_name",
    }

    def to_internal_value(self, data: Any) -> Person | NewPerson:
        if isinstance(data, int) and not isinstance(data, bool):
            # Through the policy: a person this user may not see is "no person", exactly
            # like one that does not exist.
            person = (
                policy.people_visible_to(self.context["request"].user)
                .filter(pk=data, merged_into__isnull=True)
                .first()
            )
            if person is None:
                self.fail("unknown", value=data)
            return person
        if isinstance(data, dict):
            nested = NewPersonSerializer(data=data)
            nested.is_valid(raise_exception=True)
            return NewPerson(
                **{
                    **nested.validated_data,
                    "nhs_number": nested.validated_data.get("nhs_number", ""),
                }
            )
        self.fail("invalid")
        raise AssertionError  # unreachable: fail() raises

    def to_representation(self, value: Any) -> Any:
        return value.pk if isinstance(value, Person) else None


class AdultToChildSerializer(serializers.Serializer):
    adult = serializers.IntegerField(min_value=0, help_text="Index into `adults` (from 0)")
    child = serializers.IntegerField(min_value=0, help_text="Index into `children` (from 0)")
    relationship = serializers.ChoiceField(choices=AdultRelationship.choices)


class ContactCreateSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    referral_source = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReferralSource.objects.filter(is_active=True),
        help_text="CIN census referral source code, e.g. 6 (police)",
    )
    referrer_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    referrer_organisation = serializers.CharField(max_length=150, required=False, allow_blank=True)
    referrer_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    referrer_email = serializers.EmailField(required=False, allow_blank=True)
    reason = serializers.CharField(max_length=5000)
    primary_issue = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PresentingIssue.objects.filter(is_active=True),
        help_text="CIN assessment factor code, e.g. 3B",
    )
    secondary_issues = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PresentingIssue.objects.filter(is_active=True),
        many=True,
        required=False,
    )
    consent = serializers.ChoiceField(choices=Consent.choices, help_text="Consent to share")
    lawful_basis = serializers.ChoiceField(
        choices=LawfulBasis.choices,
        required=False,
        allow_blank=True,
        help_text="Required when consent is refused or not_sought",
    )
    consent_to_contact = serializers.ChoiceField(
        choices=Consent.choices, default=Consent.NOT_SOUGHT
    )
    family = serializers.PrimaryKeyRelatedField(
        queryset=Family.objects.none(), required=False, allow_null=True
    )
    new_family = NewFamilySerializer(required=False, allow_null=True)
    children = serializers.ListField(
        child=PersonReferenceField(),
        allow_empty=False,
        max_length=MAX_CHILDREN,
        error_messages={
            "max_length": f"A contact can be about at most {MAX_CHILDREN} children: "
            "record a larger group as separate contacts"
        },
    )
    adults = serializers.ListField(
        child=PersonReferenceField(),
        required=False,
        max_length=MAX_ADULTS,
        error_messages={"max_length": f"A contact can name at most {MAX_ADULTS} adults"},
    )
    relationships = serializers.ListField(
        child=AdultToChildSerializer(),
        required=False,
        max_length=MAX_ADULTS * MAX_CHILDREN,
        help_text="How each adult is related to each child, by their indexes in the lists",
    )
    alleged_perpetrators = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        max_length=MAX_ADULTS,
        help_text="Indexes into `adults` of those a domestic-abuse notification names as the "
        "alleged perpetrator",
    )
    confirm_new_family = serializers.BooleanField(
        default=False,
        help_text="Set after checking the families already at new_family's postcode (the 409 "
        "answer lists them): this is a different family",
    )
    confirm_new_person = serializers.BooleanField(
        default=False,
        help_text="Set after checking the people already on file that the 409 answer lists: "
        "the new children and adults are different people. An NHS number already on file is "
        "never confirmed past: give that person's id instead",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Through the policy: a family this user may not see is "no family".
            self.fields["family"].queryset = policy.families_visible_to(request.user)  # type: ignore[attr-defined]


class ContactSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    referral_source = serializers.SlugRelatedField(slug_field="code", read_only=True)
    primary_issue = serializers.SlugRelatedField(slug_field="code", read_only=True)
    secondary_issues = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    consent = serializers.CharField(source="consent_to_share", read_only=True)
    children = serializers.SerializerMethodField()
    adults = serializers.SerializerMethodField()
    alleged_perpetrators = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "reference",
            "case",
            "case_reference",
            "family",
            "received_at",
            "channel",
            "referral_source",
            "referrer_name",
            "referrer_organisation",
            "reason",
            "primary_issue",
            "secondary_issues",
            "consent",
            "lawful_basis",
            "consent_to_contact",
            "children",
            "adults",
            "alleged_perpetrators",
            "recorded_by",
            "recorded_at",
            "screened_at",
        ]
        read_only_fields = fields

    def get_children(self, contact: Contact) -> list[int]:
        return [s.person_id for s in contact.subject_links.all() if s.is_child]

    def get_adults(self, contact: Contact) -> list[int]:
        return [s.person_id for s in contact.subject_links.all() if not s.is_child]

    def get_alleged_perpetrators(self, contact: Contact) -> list[int]:
        return [s.person_id for s in contact.subject_links.all() if s.alleged_perpetrator]


class _DuplicateMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


class _DuplicatePersonSerializer(serializers.Serializer):
    list = serializers.ChoiceField(choices=["children", "adults"])
    index = serializers.IntegerField()
    matches = _DuplicateMatchSerializer(many=True)


class _DuplicateFamilySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    postcode = serializers.CharField()


class PossibleDuplicatesSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    families = _DuplicateFamilySerializer(many=True)
    people = _DuplicatePersonSerializer(many=True)
    confirm_with = serializers.ListField(
        child=serializers.ChoiceField(choices=["confirm_new_family", "confirm_new_person"])
    )


class ContactCreateView(APIView):
    """Record a contact; it opens a case, or joins the family's open case.

    A new family at a postcode where families already live, or a new person with the
    same-sounding name and date of birth as someone on file, is refused with 409 and the
    look-alikes, until the client sends `confirm_new_family` / `confirm_new_person` (or the
    existing family's or person's id instead). An NHS number already on file for someone
    else is a 400 naming that record.
    """

    @extend_schema(
        request=ContactCreateSerializer,
        responses={201: ContactSerializer, 409: PossibleDuplicatesSerializer},
    )
    def post(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        if not policy.can_record_contacts(user):
            raise PermissionDenied("Only the front door records contacts")
        body = ContactCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new_family = None
        if data.get("new_family"):
            nf = data["new_family"]
            new_family = NewFamily(
                address_line_1=nf.get("address", ""),
                address_line_2=nf.get("address_line_2", ""),
                town=nf.get("town", ""),
                postcode=normalise_postcode(nf["postcode"]),
                address_confidential=nf.get("address_confidential", False),
                confirmed_new=data["confirm_new_family"],
            )
        details = ContactDetails(
            received_at=data["received_at"],
            channel=data["channel"],
            referral_source=data["referral_source"],
            referrer_name=data.get("referrer_name", ""),
            referrer_organisation=data.get("referrer_organisation", ""),
            referrer_phone=data.get("referrer_phone", ""),
            referrer_email=data.get("referrer_email", ""),
            reason=data["reason"],
            primary_issue=data["primary_issue"],
            secondary_issues=data.get("secondary_issues", []),
            consent_to_share=data["consent"],
            lawful_basis=data.get("lawful_basis", ""),
            consent_to_contact=data["consent_to_contact"],
            children=[_confirmed(p, data["confirm_new_person"]) for p in data["children"]],
            adults=[
                _confirmed(p, data["confirm_new_person"], relationship="parent_carer")
                for p in data.get("adults", [])
            ],
            relationships=[AdultToChild(**link) for link in data.get("relationships", [])],
            alleged_perpetrators=data.get("alleged_perpetrators", []),
        )
        try:
            contact = contact_record(
                recorded_by=user, details=details, family=data.get("family"), new_family=new_family
            )
        except PossibleDuplicates as duplicates:
            return Response(_duplicates_answer(duplicates), status=status.HTTP_409_CONFLICT)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


def _confirmed(
    person: Person | NewPerson, confirmed: bool, relationship: str | None = None
) -> Person | NewPerson:
    if isinstance(person, NewPerson):
        return replace(
            person,
            confirmed_new=confirmed,
            relationship=relationship or person.relationship,
        )
    return person


def _duplicates_answer(duplicates: PossibleDuplicates) -> dict[str, Any]:
    """The 409 body: what looks like the new records, so the client can choose one or
    confirm and send again."""
    return {
        "detail": str(duplicates),
        "code": "possible_duplicates",
        # The client gave this postcode itself, so listing it reveals nothing new.
        "families": [
            {"id": f.pk, "reference": f.reference, "postcode": f.postcode}
            for f in duplicates.families
        ],
        "people": [
            {
                "list": list_name,
                "index": index,
                "matches": [
                    {
                        "id": p.pk,
                        "reference": f"P{p.pk}",
                        "given_name": p.given_name,
                        "family_name": p.family_name,
                        "date_of_birth": p.date_of_birth,
                    }
                    for p in alike
                ],
            }
            for list_name, index, _new, alike in duplicates.people
        ],
        "confirm_with": [
            name
            for name, needed in (
                ("confirm_new_family", bool(duplicates.families)),
                ("confirm_new_person", bool(duplicates.people)),
            )
            if needed
        ],
    }


class ContactDetailView(generics.RetrieveAPIView):
    serializer_class = ContactSerializer
    queryset = Contact.objects.none()

    def get_object(self) -> Contact:
        return contact_get_for_view(
            user=self.request.user,  # type: ignore[arg-type]
            pk=self.kwargs["pk"],
            request=self.request._request,
        )


class PersonMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    expected_date = serializers.DateField(allow_null=True)
    nhs_number = serializers.CharField(allow_blank=True)
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    household = serializers.DictField(allow_null=True)


class PeopleSearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = PersonMatchSerializer(many=True)


class PeopleSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    date_of_birth = serializers.DateField(required=False)
    dob_window_days = serializers.IntegerField(
        required=False, min_value=0, max_value=3660, default=0
    )
    postcode = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        validators=[_django_validator(validate_postcode)],
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=25)

    def validate_date_of_birth(self, value: Any) -> Any:
        problem = search_date_of_birth_error(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class PeopleSearchView(APIView):
    """Ranked matches for a name (misspellings and nicknames too), date of birth,
    postcode or NHS number, each with a score and the reasons it matched."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Name, NHS number, postcode or date"
            ),
            OpenApiParameter("date_of_birth", OpenApiTypes.DATE),
            OpenApiParameter(
                "dob_window_days", OpenApiTypes.INT, description="± days around date_of_birth"
            ),
            OpenApiParameter("postcode", OpenApiTypes.STR),
            OpenApiParameter("limit", OpenApiTypes.INT),
        ],
        responses=PeopleSearchResultsSerializer,
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        if not policy.can_search_people(user):
            raise PermissionDenied("Your role does not search for people")
        params = PeopleSearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = parse_people_query(
            data.get("q", ""),
            date_of_birth=data.get("date_of_birth"),
            dob_window_days=data.get("dob_window_days", 0),
            postcode=data.get("postcode", ""),
        )
        if query.is_empty:
            return Response(
                {"q": ["Give a name, date of birth, postcode or NHS number to search for"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        show_address = policy.can_see_confidential_address(user)
        matches = people_search(
            user=user, query=query, limit=data["limit"], request=request._request
        )
        results = []
        for match in matches:
            person, family = match.person, match.household
            household = None
            if family is not None:
                hidden = family.address_confidential and not show_address
                household = {
                    "id": family.pk,
                    "reference": family.reference,
                    "postcode": None if hidden else family.postcode,
                    "address_confidential": family.address_confidential,
                    "locality": family.locality.code if family.locality else None,
                }
            results.append(
                {
                    "id": person.pk,
                    "given_name": person.given_name,
                    "family_name": person.family_name,
                    "date_of_birth": person.date_of_birth,
                    "expected_date": person.expected_date,
                    "nhs_number": person.nhs_number,
                    "score": match.score,
                    "reasons": match.reasons,
                    "household": household,
                }
            )
        return Response(
            {"count": len(results), "results": PersonMatchSerializer(results, many=True).data}
        )
