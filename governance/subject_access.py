"""The subject access request sections for the feature apps' records (screenings,
recommendations, CAF, TAC, allocations, step-ups and step-downs), registered with the
core's collector (pathway.subject_access). Each costs a fixed number of queries."""

from __future__ import annotations

from caf.models import Assessment, Recommendation, StepDown, StepUp, TacPlan
from localities.models import Allocation
from pathway.subject_access import (
    FREE_TEXT,
    OTHER_FAMILY_MEMBER,
    PROFESSIONALS,
    STAFF,
    Item,
    Subject,
    staff_name,
    subject_access_section,
    text,
)
from screening.models import Screening


@subject_access_section("screenings", "Screenings", 60)
def _screenings(subject: Subject) -> list[Item]:
    rows = (
        Screening.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "contact", "screened_by", "signed_off_by", "universal_service")
        .order_by("screened_at", "pk")
    )
    return [
        Item(
            ref=f"screening:{s.pk}",
            title=f"Screening of contact {s.contact.reference}",
            fields={
                "Case": s.case.reference,
                "Screened": text(s.screened_at),
                "Score": s.score,
                "Level": s.get_computed_level_display(),
                "Level override": s.get_level_override_display(),
                "Override reason": s.override_reason,
                "Decision": s.get_decision_display(),
                "Rationale": s.rationale,
                "Universal service": str(s.universal_service or ""),
                "Status": s.get_status_display(),
                "Screened by": staff_name(s.screened_by),
                "Signed off by": staff_name(s.signed_off_by),
                "Sign-off comment": s.sign_off_comment,
            },
            third_party={
                "Rationale": FREE_TEXT,
                "Override reason": FREE_TEXT,
                "Sign-off comment": FREE_TEXT,
                "Screened by": STAFF,
                "Signed off by": STAFF,
            },
        )
        for s in rows
    ]


@subject_access_section("recommendations", "Recommendations", 65)
def _recommendations(subject: Subject) -> list[Item]:
    rows = (
        Recommendation.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "agency")
        .order_by("made_on", "pk")
    )
    return [
        Item(
            ref=f"recommendation:{r.pk}",
            title=f"{r.get_kind_display()} recommendation",
            fields={
                "Case": r.case.reference,
                "Agency": str(r.agency or ""),
                "Made": text(r.made_on),
                "Due": text(r.due_on),
                "Status": r.get_status_display(),
                "Completed": text(r.completed_on),
                "Uptake": r.get_uptake_display(),
                "Satisfaction": "" if r.satisfaction is None else r.satisfaction,
                "Satisfaction comment": r.satisfaction_comment,
            },
            third_party={"Satisfaction comment": FREE_TEXT},
        )
        for r in rows
    ]


@subject_access_section("caf", "CAF assessments", 70)
def _caf(subject: Subject) -> list[Item]:
    rows = (
        Assessment.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "lead_professional")
        .prefetch_related("needs__outcome_area")
        .order_by("started_on", "pk")
    )
    return [
        Item(
            ref=f"caf:{a.pk}",
            title=f"CAF assessment, case {a.case.reference}",
            fields={
                "Started": text(a.started_on),
                "Completed": text(a.completed_on),
                "Lead professional": staff_name(a.lead_professional),
                "The child's views": a.child_views,
                "The family's views": a.family_views,
                "Summary": a.summary,
                "Strengths and needs": "; ".join(
                    f"{n.outcome_area.label}: strengths {n.strengths or '(none)'}, "
                    f"needs {n.needs or '(none)'}"
                    for n in a.needs.all()
                ),
            },
            third_party={
                "Lead professional": STAFF,
                "The family's views": OTHER_FAMILY_MEMBER,
                "Summary": FREE_TEXT,
                "Strengths and needs": FREE_TEXT,
            },
        )
        for a in rows
    ]


@subject_access_section("tac", "Team Around the Family", 75)
def _tac(subject: Subject) -> list[Item]:
    plans = (
        TacPlan.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "lead_professional")
        .prefetch_related("members__agency", "meetings", "actions__owner", "reviews")
        .order_by("started_on", "pk")
    )
    items = []
    for plan in plans:
        items.append(
            Item(
                ref=f"tac:{plan.pk}",
                title=f"Team Around the Family, case {plan.case.reference}",
                fields={
                    "Started": text(plan.started_on),
                    "Ended": text(plan.ended_on),
                    "Lead professional": staff_name(plan.lead_professional),
                    "Members": "; ".join(
                        f"{m.name} ({m.role or m.agency or 'member'})" for m in plan.members.all()
                    ),
                },
                third_party={"Lead professional": STAFF, "Members": PROFESSIONALS},
            )
        )
        for meeting in plan.meetings.all():
            items.append(
                Item(
                    ref=f"tac-meeting:{meeting.pk}",
                    title=f"TAC meeting, {text(meeting.held_on)}",
                    fields={"Others there": meeting.other_attendees, "Minutes": meeting.minutes},
                    third_party={"Others there": OTHER_FAMILY_MEMBER, "Minutes": FREE_TEXT},
                )
            )
        for action in plan.actions.all():
            items.append(
                Item(
                    ref=f"tac-action:{action.pk}",
                    title=f"TAC action due {text(action.due_on)}",
                    fields={
                        "Action": action.description,
                        "Owner": action.owner.name,
                        "Status": action.get_status_display(),
                    },
                    third_party={"Owner": PROFESSIONALS, "Action": FREE_TEXT},
                )
            )
        for review in plan.reviews.all():
            items.append(
                Item(
                    ref=f"tac-review:{review.pk}",
                    title=f"TAC review, {text(review.reviewed_on)}",
                    fields={"Progress": review.progress, "The family's views": review.family_views},
                    third_party={"Progress": FREE_TEXT, "The family's views": OTHER_FAMILY_MEMBER},
                )
            )
    return items


@subject_access_section("allocations", "Allocations", 80)
def _allocations(subject: Subject) -> list[Item]:
    rows = (
        Allocation.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "locality", "team", "worker", "allocated_by")
        .order_by("allocated_at", "pk")
    )
    return [
        Item(
            ref=f"allocation:{a.pk}",
            title=f"{a.get_kind_display()}, case {a.case.reference}",
            fields={
                "When": text(a.allocated_at),
                "Locality": str(a.locality),
                "Team": str(a.team or ""),
                "Worker": staff_name(a.worker),
                "Reason": a.reason,
                "By": staff_name(a.allocated_by),
            },
            third_party={"Worker": STAFF, "By": STAFF, "Reason": FREE_TEXT},
        )
        for a in rows
    ]


@subject_access_section("step_ups", "Step-ups to and step-downs from social care", 85)
def _steps(subject: Subject) -> list[Item]:
    ups = (
        StepUp.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "stepped_up_by")
        .order_by("stepped_up_at", "pk")
    )
    downs = (
        StepDown.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "stepped_down_by")
        .order_by("stepped_down_at", "pk")
    )
    items = [
        Item(
            ref=f"step-up:{s.pk}",
            title=f"Step-up, case {s.case.reference}",
            fields={
                "When": text(s.stepped_up_at),
                "Reason": s.reason,
                "Outcome": s.get_outcome_display(),
                "Outcome note": s.outcome_note,
                "By": staff_name(s.stepped_up_by),
            },
            third_party={"Reason": FREE_TEXT, "Outcome note": FREE_TEXT, "By": STAFF},
        )
        for s in ups
    ]
    items += [
        Item(
            ref=f"step-down:{s.pk}",
            title=f"Step-down, case {s.case.reference}",
            fields={
                "When": text(s.stepped_down_at),
                "Reason": s.reason,
                "Plan": s.plan,
                "Social worker": s.social_worker,
                "By": staff_name(s.stepped_down_by),
            },
            third_party={"Reason": FREE_TEXT, "Social worker": STAFF, "By": STAFF},
        )
        for s in downs
    ]
    return items
