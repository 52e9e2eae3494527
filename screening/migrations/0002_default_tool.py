"""Version 1 of the multi-agency screening tool, active from the start.

Three domains from the Assessment Framework triangle; each answer weighted; any single
critical answer forces Statutory. Administrators change the tool by copying it into a
new draft version and publishing that; screenings keep the version they used.
"""

from django.db import migrations

CONCERN = [
    ("none", "No concern", 0),
    ("some", "Some concern", 1),
    ("significant", "Significant concern", 2),
    ("not_known", "Not known", 0),
]

# (domain code, title, [(question code, text, help, weight), ...], [(critical question code, text)])
TOOL = [
    (
        "child",
        "The child's developmental needs",
        [
            (
                "health",
                "Are the child's physical or mental health needs being met?",
                "Including missed health appointments",
                2,
            ),
            ("education", "Are there concerns about attendance, learning or exclusion?", "", 2),
            (
                "emotional",
                "Are there concerns about the child's emotional or behavioural development?",
                "",
                2,
            ),
            (
                "relationships",
                "Are there concerns about identity, family or social relationships?",
                "",
                1,
            ),
            ("young_carer", "Does the child have caring responsibilities that affect them?", "", 2),
            (
                "missing_exploitation",
                "Is there a risk of going missing or of exploitation?",
                "Sexual or criminal exploitation, gangs, trafficking",
                3,
            ),
        ],
        [("immediate_risk", "Is the child at immediate risk of significant harm?")],
    ),
    (
        "parenting",
        "Parenting capacity",
        [
            (
                "basic_care",
                "Are basic care and safety being provided?",
                "Food, warmth, hygiene, supervision, a safe home",
                3,
            ),
            ("warmth", "Is there emotional warmth and stability?", "", 2),
            ("boundaries", "Are there guidance and boundaries?", "", 1),
            (
                "parent_mental_health",
                "Is a parent's or carer's mental health affecting their parenting?",
                "",
                2,
            ),
            (
                "parent_substance",
                "Is a parent's or carer's drug or alcohol use affecting their parenting?",
                "",
                3,
            ),
        ],
        [("abuse_disclosed", "Has abuse by a parent or carer been disclosed or seen?")],
    ),
    (
        "family",
        "Family and environmental factors",
        [
            ("domestic_abuse", "Is there domestic abuse in the household?", "", 3),
            (
                "housing",
                "Are there housing problems?",
                "Overcrowding, disrepair, risk of eviction, homelessness",
                1,
            ),
            ("income", "Are there problems with income, debt or employment?", "", 1),
            ("support", "Is the family isolated, without support from family or community?", "", 1),
            ("crime", "Is there crime or anti-social behaviour in the family?", "", 2),
        ],
        [],
    ),
]


def create_tool(apps, schema_editor):
    Tool = apps.get_model("screening", "ScreeningTool")
    Domain = apps.get_model("screening", "ScreeningDomain")
    Question = apps.get_model("screening", "ScreeningQuestion")
    Option = apps.get_model("screening", "ScreeningOption")
    if Tool.objects.exists():
        return
    tool = Tool.objects.create(
        version=1,
        status="active",
        universal_plus_from=4,
        targeted_from=10,
        specialist_from=20,
        statutory_from=30,
        notes="First version, from the pathway's multi-agency screening criteria.",
    )
    for d_order, (code, title, questions, critical) in enumerate(TOOL):
        domain = Domain.objects.create(tool=tool, code=code, title=title, order=d_order)
        order = 0
        for q_code, text, help_text, weight in questions:
            question = Question.objects.create(
                domain=domain, code=q_code, text=text, help_text=help_text, order=order
            )
            for o_order, (value, label, multiplier) in enumerate(CONCERN):
                Option.objects.create(
                    question=question,
                    value=value,
                    label=label,
                    points=weight * multiplier,
                    order=o_order,
                )
            order += 1
        for q_code, text in critical:
            question = Question.objects.create(domain=domain, code=q_code, text=text, order=order)
            Option.objects.create(question=question, value="no", label="No", points=0, order=0)
            Option.objects.create(
                question=question, value="yes", label="Yes", points=0, is_critical=True, order=1
            )
            order += 1


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(create_tool, migrations.RunPython.noop)]
