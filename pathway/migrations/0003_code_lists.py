"""Load the national code lists (DESIGN §5) as reference data."""

from django.db import migrations

REFERRAL_SOURCES = [
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance (including neighbours and child minders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services: GP"),
    ("3B", "Health services: health visitor"),
    ("3C", "Health services: school nurse"),
    ("3D", "Health services: other primary health services"),
    ("3E", "Health services: A&E (emergency department)"),
    ("3F", "Health services: other"),
    ("4", "Housing (local authority and/or housing association)"),
    ("5A", "Local authority services: social care (e.g. adult social care)"),
    ("5B", "Local authority services: other internal department"),
    ("5C", "Local authority services: external (another local authority)"),
    ("5D", "Local authority services: early help"),
    ("6", "Police"),
    ("7", "Other legal agency (including courts, probation, immigration, CAFCASS, prison)"),
    ("8", "Other (including children's centres, independent agencies, voluntary organisations)"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
]

_ABC = [("A", "child"), ("B", "parent or carer"), ("C", "another person in the household")]

PRESENTING_ISSUES = (
    [(f"1{s}", "1", s, f"Alcohol misuse: concerns about {who}") for s, who in _ABC]
    + [(f"2{s}", "2", s, f"Drug misuse: concerns about {who}") for s, who in _ABC]
    + [(f"3{s}", "3", s, f"Domestic abuse: concerns about {who}") for s, who in _ABC]
    + [(f"4{s}", "4", s, f"Mental health: concerns about {who}") for s, who in _ABC]
    + [(f"5{s}", "5", s, f"Learning disability: concerns about {who}") for s, who in _ABC]
    + [
        (f"6{s}", "6", s, f"Physical disability or illness: concerns about {who}")
        for s, who in _ABC
    ]
    + [
        ("7A", "7", "A", "Young carer"),
        (
            "8B",
            "8",
            "B",
            "Privately fostered: overseas child who intends to return to their parents",
        ),
        ("8C", "8", "C", "Privately fostered: overseas child who intends to stay in the UK"),
        ("8D", "8", "D", "Privately fostered: UK child in an educational placement"),
        ("8E", "8", "E", "Privately fostered: UK child making alternative arrangements"),
        ("8F", "8", "F", "Privately fostered: other"),
        ("9A", "9", "A", "Unaccompanied asylum-seeking child"),
        ("10A", "10", "A", "Going or being missing"),
        ("11A", "11", "A", "Child sexual exploitation"),
        ("12A", "12", "A", "Trafficking"),
        ("13A", "13", "A", "Gangs"),
        ("14A", "14", "A", "Socially unacceptable behaviour"),
        ("15A", "15", "A", "Self-harm"),
        ("16A", "16", "A", "Neglect"),
        ("17A", "17", "A", "Emotional abuse"),
        ("18B", "18", "B", "Physical abuse: child on child"),
        ("18C", "18", "C", "Physical abuse: adult on child"),
        ("19B", "19", "B", "Sexual abuse: child on child"),
        ("19C", "19", "C", "Sexual abuse: adult on child"),
        ("20", "20", "", "Other"),
        ("21", "21", "", "No factors identified"),
        ("22A", "22", "A", "Female genital mutilation"),
        ("23A", "23", "A", "Abuse linked to faith or belief"),
        ("24A", "24", "A", "Child criminal exploitation"),
    ]
)

OUTCOME_AREAS = [
    ("EDUCATION", "Getting a good education"),
    ("EARLYYEARS", "Good early years development"),
    ("HEALTH", "Improved mental and physical health"),
    ("SUBSTANCE", "Promoting recovery and reducing harm from substance use"),
    ("FAMILYREL", "Improved family relationships"),
    ("SAFE", "Children safe from abuse and exploitation"),
    ("CRIME", "Crime prevention and tackling crime"),
    ("DOMABUSE", "Safe from domestic abuse"),
    ("HOUSING", "Secure housing"),
    ("FINANCE", "Financial stability"),
]


def load(apps, schema_editor):
    ReferralSource = apps.get_model("pathway", "ReferralSource")
    PresentingIssue = apps.get_model("pathway", "PresentingIssue")
    OutcomeArea = apps.get_model("pathway", "OutcomeArea")
    for order, (code, label) in enumerate(REFERRAL_SOURCES):
        ReferralSource.objects.update_or_create(
            code=code, defaults={"label": label, "sort_order": order}
        )
    for order, (code, factor, subject, label) in enumerate(PRESENTING_ISSUES):
        PresentingIssue.objects.update_or_create(
            code=code,
            defaults={"label": label, "sort_order": order, "factor": factor, "subject": subject},
        )
    for order, (code, label) in enumerate(OUTCOME_AREAS):
        OutcomeArea.objects.update_or_create(
            code=code, defaults={"label": label, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("pathway", "0002_roles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
