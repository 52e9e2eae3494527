"""The retention schedule applied: what is due, why, what is held, and the anonymising.

`retention_due` is the dry run (it reads only); `retention_apply` anonymises what is due
and not on legal hold, each record claimed by RetentionDisposal's unique constraint, so the
nightly job is safe to run twice or on two workers. Nothing on hold and nothing not yet due
is touched. The change history of what is anonymised goes with it, and the access log's
descriptions of it are blanked (who read what, when, stays).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from caf.models import Assessment, Recommendation, Review, StepUp, TacMeeting
from governance.models import LegalHold, RetentionDisposal, RetentionRule
from pathway.choices import Decision, Stage
from pathway.models import (
    AccessLogEntry,
    Case,
    Contact,
    Family,
    HouseholdMember,
    Person,
    PersonAlias,
)
from screening.models import Screening

REMOVED = "Removed under the retention schedule"


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months (29 February plus 12 months is 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueRecord:
    record_class: str
    record_id: int
    reference: str
    due_on: date
    rule_id: int
    why: str
    held: bool
    hold_reason: str = ""


def rule_in_force(record_class: str, day: date) -> RetentionRule | None:
    return (
        RetentionRule.objects.filter(record_class=record_class, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def _holds() -> tuple[dict[int, str], dict[int, str]]:
    """Active legal holds: family id → reason, and person id → reason."""
    families: dict[int, str] = {}
    people: dict[int, str] = {}
    for hold in LegalHold.objects.filter(released_at__isnull=True):
        if hold.family_id:
            families[hold.family_id] = hold.reason
        if hold.person_id:
            people[hold.person_id] = hold.reason
    return families, people


def _families_of(person_ids: list[int]) -> dict[int, int]:
    """family id → a held person's id, for every family a held person has lived in."""
    rows = HouseholdMember.objects.filter(person_id__in=person_ids).values_list(
        "family_id", "person_id"
    )
    return dict(rows)


def retention_due(*, today: date) -> list[DueRecord]:
    """What the schedule says is due on `today`, held or not, and why (the dry run: it
    changes nothing). Records already processed are not listed again."""
    held_families, held_people = _holds()
    families_of_held = _families_of(sorted(held_people))
    due: list[DueRecord] = []

    def hold_for(family_id: int, person_ids: list[int] = ()) -> str:  # type: ignore[assignment]
        if family_id in held_families:
            return f"Legal hold on the family: {held_families[family_id]}"
        if family_id in families_of_held:
            return (
                f"Legal hold on P{families_of_held[family_id]}: "
                + held_people[families_of_held[family_id]]
            )
        for pid in person_ids:
            if pid in held_people:
                return f"Legal hold on P{pid}: {held_people[pid]}"
        return ""

    rule = rule_in_force(RetentionRule.RecordClass.CLOSED_CASE, today)
    if rule is not None:
        done = RetentionDisposal.objects.filter(
            record_class=rule.record_class, record_id=OuterRef("pk")
        )
        open_case = Case.objects.filter(family_id=OuterRef("family_id")).exclude(stage=Stage.CLOSED)
        cases = (
            Case.objects.filter(stage=Stage.CLOSED, closed_at__isnull=False)
            .exclude(Exists(done))
            .exclude(Exists(open_case))
            .annotate(
                youngest=Max(
                    "family__members__person__date_of_birth",
                    filter=Q(family__members__relationship="child"),
                )
            )
            .order_by("pk")
        )
        for case in cases:
            youngest: date | None = case.youngest
            closed = timezone.localtime(case.closed_at).date()
            if rule.basis == RetentionRule.Basis.YOUNGEST_CHILD_BIRTH and youngest:
                due_on = add_months(youngest, rule.keep_for_months)
                why = (
                    f"Closed {closed:%d %B %Y}; {rule.keep_for_months} months have passed "
                    "since the youngest child's birth"
                )
            else:
                due_on = add_months(closed, rule.keep_for_months)
                why = f"Closed {closed:%d %B %Y}, {rule.keep_for_months} months ago or more"
            if due_on > today:
                continue
            reason = hold_for(case.family_id)
            due.append(
                DueRecord(
                    rule.record_class,
                    case.pk,
                    case.reference,
                    due_on,
                    rule.pk,
                    why,
                    bool(reason),
                    reason,
                )
            )

    rule = rule_in_force(RetentionRule.RecordClass.NFA_CONTACT, today)
    if rule is not None:
        done = RetentionDisposal.objects.filter(
            record_class=rule.record_class, record_id=OuterRef("pk")
        )
        nfa = Screening.objects.filter(contact_id=OuterRef("pk"), decision=Decision.NFA)
        contacts = (
            Contact.objects.filter(Exists(nfa))
            .exclude(Exists(done))
            .prefetch_related("subject_links")
            .order_by("pk")
        )
        for contact in contacts:
            received = timezone.localtime(contact.received_at).date()
            due_on = add_months(received, rule.keep_for_months)
            if due_on > today:
                continue
            subjects = [link.person_id for link in contact.subject_links.all()]
            reason = hold_for(contact.family_id, subjects)
            due.append(
                DueRecord(
                    rule.record_class,
                    contact.pk,
                    contact.reference,
                    due_on,
                    rule.pk,
                    f"Received {received:%d %B %Y}, no further action; kept "
                    f"{rule.keep_for_months} months",
                    bool(reason),
                    reason,
                )
            )
    return due


def _scrub(model: Any, ids: list[int], key: str = "pk", **values: Any) -> None:
    """Overwrite fields without writing a history row, then drop the record's history."""
    model.objects.filter(**{f"{key}__in": ids}).update(**values)
    history_key = "id" if key == "pk" else key
    model.history.filter(**{f"{history_key}__in": ids}).delete()


def _anonymise_contacts(contact_ids: list[int]) -> None:
    _scrub(
        Contact,
        contact_ids,
        reason=REMOVED,
        referrer_name="",
        referrer_organisation="",
        referrer_phone="",
        referrer_email="",
    )
    _scrub(
        Screening,
        contact_ids,
        key="contact_id",
        rationale=REMOVED,
        override_reason="",
        sign_off_comment="",
    )
    AccessLogEntry.objects.filter(
        case_id__in=Contact.objects.filter(pk__in=contact_ids).values("case_id"),
        what__startswith="Contact",
    ).update(what=REMOVED)


def _anonymise_closed_case(case: Case) -> None:
    contact_ids = list(Contact.objects.filter(case=case).values_list("pk", flat=True))
    _anonymise_contacts(contact_ids)
    _scrub(Case, [case.pk], closure_note="")
    _scrub(Screening, [case.pk], key="case_id", rationale=REMOVED, override_reason="")
    _scrub(Assessment, [case.pk], key="case_id", child_views="", family_views="", summary="")
    _scrub(Recommendation, [case.pk], key="case_id", satisfaction_comment="")
    _scrub(StepUp, [case.pk], key="case_id", reason=REMOVED, outcome_note="")
    _scrub(TacMeeting, [case.pk], key="plan__case_id", minutes=REMOVED, other_attendees="")
    _scrub(Review, [case.pk], key="plan__case_id", progress=REMOVED, family_views="")
    # The chronology is append-only (pathway.models.chronology): its summaries stay until
    # the lead decides how the timeline follows the schedule (issue 14, not done here).
    _scrub(Family, [case.family_id], address_line_1="", address_line_2="", town="", postcode="")
    # The family's people, unless they also belong to another household (whose records
    # follow their own schedule).
    members = HouseholdMember.objects.filter(family_id=case.family_id).values("person_id")
    elsewhere = HouseholdMember.objects.filter(person_id=OuterRef("pk")).exclude(
        family_id=case.family_id
    )
    people = list(
        Person.objects.filter(pk__in=members)
        .exclude(Exists(elsewhere))
        .values_list("pk", flat=True)
    )
    PersonAlias.objects.filter(person_id__in=people).delete()
    PersonAlias.history.filter(person_id__in=people).delete()
    _scrub(
        Person,
        people,
        given_name="Removed",
        family_name="Removed",
        date_of_birth=None,
        expected_date=None,
        nhs_number="",
        upn="",
        given_name_key="",
        family_name_key="",
    )
    AccessLogEntry.objects.filter(
        Q(case_id=case.pk) | Q(family_id=case.family_id) | Q(person_id__in=people)
    ).update(what=REMOVED)


def retention_apply(*, today: date) -> list[RetentionDisposal]:
    """Anonymise every record due on `today` that is not on legal hold, each in its own
    transaction, claimed first (a record another run has claimed is skipped). Returns the
    audit rows written: class, number, rule and due date, no personal data."""
    written = []
    for item in retention_due(today=today):
        if item.held:
            continue
        try:
            with transaction.atomic():
                disposal = RetentionDisposal.objects.create(
                    record_class=item.record_class,
                    record_id=item.record_id,
                    rule_id=item.rule_id,
                    due_on=item.due_on,
                )
                if item.record_class == RetentionRule.RecordClass.CLOSED_CASE:
                    case = Case.objects.select_for_update().get(pk=item.record_id)
                    _anonymise_closed_case(case)
                else:
                    _anonymise_contacts([item.record_id])
        except IntegrityError:
            continue
        written.append(disposal)
    return written
