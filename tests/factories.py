"""factory-boy factories. State-named factories (ScreeningCaseFactory, …) build a case
already at a stage, for tests that start from there."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from localities.models import Agency, Locality, PostcodeArea, School, Team
from pathway.choices import Channel, Consent, LevelOfNeed, Stage
from pathway.models import (
    Case,
    Contact,
    ContactSubject,
    Family,
    HouseholdMember,
    Membership,
    Person,
    PresentingIssue,
    ReferralSource,
    User,
)

PASSWORD = "correct-horse-battery-staple"


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"locality-{n}")
    name = factory.Sequence(lambda n: f"Locality {n}")


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea

    locality = factory.SubFactory(LocalityFactory)
    prefix = factory.Sequence(lambda n: f"SK{n + 1}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    locality = factory.SubFactory(LocalityFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.HEALTH_VISITING
    tier = LevelOfNeed.UNIVERSAL


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"School {n}")
    locality = factory.SubFactory(LocalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Wellington Road")
    town = "Stockport"
    postcode = "SK1 3XE"
    locality = factory.SubFactory(LocalityFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: date.today() - timedelta(days=8 * 365))


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = "child"
    started_on = factory.LazyFunction(lambda: date.today() - timedelta(days=365))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    family = factory.SubFactory(FamilyFactory)
    locality = factory.SelfAttribute("family.locality")
    stage = Stage.CONTACT


class ScreeningCaseFactory(CaseFactory):
    stage = Stage.SCREENING


class AwaitingAllocationCaseFactory(CaseFactory):
    stage = Stage.AWAITING_ALLOCATION
    level_of_need = LevelOfNeed.TARGETED


class UniversalOfferCaseFactory(CaseFactory):
    stage = Stage.UNIVERSAL_OFFER
    level_of_need = LevelOfNeed.UNIVERSAL_PLUS


class AllocatedCaseFactory(CaseFactory):
    stage = Stage.ALLOCATED
    level_of_need = LevelOfNeed.TARGETED


class TacCaseFactory(CaseFactory):
    stage = Stage.TAC
    level_of_need = LevelOfNeed.TARGETED


class SteppedUpCaseFactory(CaseFactory):
    stage = Stage.STEPPED_UP
    level_of_need = LevelOfNeed.STATUTORY


class ClosedCaseFactory(CaseFactory):
    stage = Stage.CLOSED
    closed_at = factory.LazyFunction(timezone.now)
    closure_reason = "needs_met"


STAGE_FACTORIES: dict[str, type[CaseFactory]] = {
    Stage.CONTACT: CaseFactory,
    Stage.SCREENING: ScreeningCaseFactory,
    Stage.AWAITING_ALLOCATION: AwaitingAllocationCaseFactory,
    Stage.UNIVERSAL_OFFER: UniversalOfferCaseFactory,
    Stage.ALLOCATED: AllocatedCaseFactory,
    Stage.TAC: TacCaseFactory,
    Stage.STEPPED_UP: SteppedUpCaseFactory,
    Stage.CLOSED: ClosedCaseFactory,
}


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    family = factory.SelfAttribute("case.family")
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    channel = Channel.PHONE
    referral_source = factory.LazyFunction(lambda: ReferralSource.objects.get(code="1C"))
    reason = "Mum called asking for help with her son's behaviour."
    primary_issue = factory.LazyFunction(lambda: PresentingIssue.objects.get(code="14A"))
    consent_to_share = Consent.GIVEN
    recorded_by = factory.SubFactory(UserFactory, role="contact_officer")

    @factory.post_generation
    def children(self, create: bool, extracted: list[Person] | None, **kwargs: object) -> None:
        if not create:
            return
        for person in extracted or []:
            ContactSubject.objects.create(contact=self, person=person, is_child=True)
