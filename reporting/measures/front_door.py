"""Measures of the front door (DESIGN §6, 1, 2, 5, 6 and the leaders' measures of contacts)."""

from __future__ import annotations

import inspect

from django.db import connection
from django.db.models import Avg, Count, F

from pathway.choices import Decision
from pathway.models import Contact, PresentingIssue, ReferralSource
from reporting.measures.base import (
    Percentile,
    Scope,
    contacts_received,
    decided_screenings,
    hours_between,
)
from reporting.report import COUNT, HOURS, Figure, Measure, Table, percent, summary_table


def families_screened(scope: Scope) -> Measure:
    """Families and contacts screened via the pathway.

    Contacts: screenings whose decision took effect in the period (status "applied"; the
    day of sign-off when the decision needed one, else the day of the screening), each
    contact counted once. Families: the distinct families of those contacts' cases. Period:
    from 00:00 on the first day to 24:00 on the last, Europe/London. Locality: the case's.
    """
    totals = decided_screenings(scope).aggregate(
        contacts=Count("pk"), families=Count("case__family_id", distinct=True)
    )
    table = summary_table()
    table.add("Contacts screened", "contacts", value=Figure(totals["contacts"], drill="screened"))
    table.add("Families screened", "families", value=Figure(totals["families"], drill="screened"))
    return Measure(
        "screened",
        "Families and contacts screened",
        inspect.getdoc(families_screened) or "",
        [table],
    )


def screening_outcomes(scope: Scope) -> Measure:
    """CAF recommendations, universal recommendations and existing-CAF outcomes.

    Counts of the screenings decided in the period (as "Families and contacts screened":
    applied, on the day the decision took effect), by decision. The share is of all
    screenings decided in the period. One row per decision, including step-up, information
    and advice, and no further action.
    """
    counts = dict(
        decided_screenings(scope).order_by().values_list("decision").annotate(n=Count("pk"))
    )
    total = sum(counts.values())
    table = Table(
        "by_decision",
        "Screening outcomes",
        [("count", "Screenings"), ("share", "Share of all screenings (%)")],
        chart="count",
    )
    for decision in Decision:
        n = counts.get(decision.value, 0)
        table.add(
            decision.label,
            decision.value,
            count=Figure(n, drill=f"outcome:{decision.value}"),
            share=percent(n, total),
        )
    table.add(
        "All screenings",
        "total",
        count=Figure(total, drill="screened"),
        share=percent(total, total),
    )
    return Measure(
        "outcomes", "Screening outcomes", inspect.getdoc(screening_outcomes) or "", [table]
    )


def presenting_issues(scope: Scope) -> Measure:
    """Primary and secondary presenting issues.

    Contacts received in the period (`received_at`, Europe/London days), by their primary
    presenting issue, and, separately, by each secondary issue recorded (a contact with
    three secondary issues counts once under each). "About" is whom the concern is about:
    for CIN factors 1–6 the suffix names the person (A child, B parent or carer, C other
    household member); for 8B–8F, 18B/C and 19B/C the letter is a sub-type and the concern
    is about the child. Only issues recorded at least once are listed, in code-list order.
    """
    contacts = contacts_received(scope)
    primary = dict(contacts.order_by().values_list("primary_issue_id").annotate(n=Count("pk")))
    through = Contact.secondary_issues.through
    secondary = dict(
        through.objects.filter(contact__in=contacts.values("pk"))
        .order_by()
        .values_list("presentingissue_id")
        .annotate(n=Count("pk"))
    )
    table = Table(
        "issues",
        "Presenting issues",
        [("about", "About"), ("primary", "Primary issue"), ("secondary", "Secondary issue")],
        chart="primary",
    )
    by_subject: dict[str, int] = {}
    used = set(primary) | set(secondary)
    for issue in PresentingIssue.objects.filter(pk__in=sorted(used)).order_by("sort_order", "code"):
        about = issue.get_subject_display() if issue.subject else "Not specific"
        n = primary.get(issue.pk, 0)
        by_subject[about] = by_subject.get(about, 0) + n
        table.add(
            f"{issue.code}: {issue.label}",
            issue.code,
            about=about,
            primary=Figure(n, drill=f"primary_issue:{issue.code}"),
            secondary=Figure(secondary.get(issue.pk, 0), drill=f"secondary_issue:{issue.code}"),
        )
    subjects = Table("by_subject", "Primary issue by whom it is about", [("primary", "Contacts")])
    for about, n in sorted(by_subject.items()):
        subjects.add(about, about, primary=Figure(n))
    return Measure(
        "presenting_issues",
        "Presenting issues",
        inspect.getdoc(presenting_issues) or "",
        [table, subjects],
    )


def referral_sources(scope: Scope) -> Measure:
    """Referral source.

    Contacts received in the period (`received_at`, Europe/London days), by the referral
    source recorded on the contact (CIN census codes), every code listed, with its share
    of all contacts received in the period.
    """
    counts = dict(
        contacts_received(scope)
        .order_by()
        .values_list("referral_source_id")
        .annotate(n=Count("pk"))
    )
    total = sum(counts.values())
    table = Table(
        "by_source",
        "Contacts by referral source",
        [("count", "Contacts"), ("share", "Share (%)")],
        chart="count",
    )
    for source in ReferralSource.objects.order_by("sort_order", "code"):
        n = counts.get(source.pk, 0)
        table.add(
            f"{source.code}: {source.label}",
            source.code,
            count=Figure(n, drill=f"source:{source.code}"),
            share=percent(n, total),
        )
    table.add(
        "All contacts", "total", count=Figure(total, drill="received"), share=percent(total, total)
    )
    return Measure(
        "referral_sources", "Referral source", inspect.getdoc(referral_sources) or "", [table]
    )


REPEAT_BUCKETS = [(1, "1 contact"), (2, "2 contacts"), (3, "3 contacts"), (4, "4 or more contacts")]


def repeat_contacts(scope: Scope) -> Measure:
    """Repeat contacts per family (for leaders).

    Contacts received in the period (`received_at`), grouped by the family they are about:
    how many families had 1, 2, 3, or 4 or more contacts in the period, and the average
    number of contacts per family. A family's contacts count in the locality of each
    contact's case.
    """
    per_family = (
        contacts_received(scope).order_by().values("family_id").annotate(n=Count("pk")).values("n")
    )
    sql, params = per_family.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT LEAST(n, 4), COUNT(*), SUM(n) FROM ({sql}) per_family GROUP BY 1",  # noqa: S608
            params,
        )
        rows = {bucket: (families, contacts) for bucket, families, contacts in cursor.fetchall()}
    families = sum(f for f, _ in rows.values())
    contacts = sum(int(c) for _, c in rows.values())
    table = Table(
        "by_contacts",
        "Families by contacts in the period",
        [("families", "Families"), ("share", "Share of families (%)")],
        chart="families",
    )
    for bucket, label in REPEAT_BUCKETS:
        n = rows.get(bucket, (0, 0))[0]
        table.add(
            label,
            str(bucket),
            families=Figure(n, drill=f"repeat:{bucket}"),
            share=percent(n, families),
        )
    summary = summary_table()
    summary.add("Families with a contact", "families", value=Figure(families, drill="received"))
    summary.add(
        "Families with more than one contact",
        "repeat",
        value=Figure(families - rows.get(1, (0, 0))[0], drill="repeat:2+"),
    )
    summary.add(
        "Contacts per family (average)",
        "average",
        value=Figure(round(contacts / families, 2) if families else None, "number", base=families),
    )
    return Measure(
        "repeat_contacts",
        "Repeat contacts per family",
        inspect.getdoc(repeat_contacts) or "",
        [summary, table],
    )


def time_to_decision(scope: Scope) -> Measure:
    """Time from contact to decision (for leaders).

    For each screening decided in the period (as "Families and contacts screened"), the
    hours from the contact's `received_at` to the moment its decision took effect (the
    sign-off when it needed one). Reported: the median, the 90th percentile and the mean,
    in hours (calendar hours, not office hours), and the number of decisions measured.
    """
    screenings = decided_screenings(scope).annotate(
        hours=hours_between("decided_at", "contact__received_at")
    )
    figures = screenings.aggregate(
        n=Count("pk"),
        median=Percentile(F("hours"), 0.5),
        p90=Percentile(F("hours"), 0.9),
        mean=Avg("hours"),
    )
    table = summary_table()
    table.add("Decisions measured", "count", value=Figure(figures["n"], COUNT, drill="screened"))
    for key, label in [
        ("median", "Median (hours)"),
        ("p90", "90th percentile (hours)"),
        ("mean", "Mean (hours)"),
    ]:
        value = figures[key]
        table.add(
            label,
            key,
            value=Figure(round(value, 1) if value is not None else None, HOURS, base=figures["n"]),
        )
    return Measure(
        "time_to_decision",
        "Time from contact to decision",
        inspect.getdoc(time_to_decision) or "",
        [table],
    )
