"""Factories for the core: users, memberships, families, people, cases and contacts.

The state-named case factories here build a case as the core's own services leave it;
the ones that need another app's rows live with that app (an allocated case in
tests.localities.factories, a TAC case in tests.caf.factories, and so on), as the code's
layers do. None of them writes chronology events or notifications: a test of a service
counts those itself.
"""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from pathway.choices import Channel, ClosureReason, Consent, LevelOfNeed, Stage
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    # Hashed before the row is saved. (A PostGenerationMethodCall("set_password") never
    # reaches the database once skip_postgeneration_save is set.)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class MembershipFactory(factory.django.DjangoModelFactory):
    """Pass the locality, team or agency: a membership must name one."""

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
    # By dotted path: the localities factories build on these ones.
    locality = factory.SubFactory("tests.localities.factories.LocalityFactory")


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
    """A case at the contact stage, with no contact: the base of the state-named factories.

    `version` is 1 plus the number of transitions the services would have made to reach
    the stage (pathway.workflow.transition adds one at each).
    """

    class Meta:
        model = Case
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    locality = factory.SelfAttribute("family.locality")
    stage = Stage.CONTACT
    version = 1


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact on a case (by default a new case at the contact stage), not yet screened.

    Needs the code lists the data migrations load (the `reference_data` fixture).
    """

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


class ContactStageCaseFactory(CaseFactory):
    """A new case as recording a contact leaves it: its contact waits in the screening queue."""

    contact = factory.RelatedFactory(ContactFactory, factory_related_name="case")


class ClosedCaseFactory(CaseFactory):
    """A case closed at the front door: screened, information and advice given, closed.

    What screening's "advice" decision writes (close_at_front_door: one transition). It
    was never allocated, so it has no team or lead professional.
    """

    stage = Stage.CLOSED
    version = 2
    level_of_need = LevelOfNeed.UNIVERSAL
    closed_at = factory.LazyFunction(timezone.now)
    closure_reason = ClosureReason.NO_FURTHER_ACTION
    closure_note = "Information and advice given: parenting courses at the children's centre."
