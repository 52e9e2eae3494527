"""Demo and synthetic data: the organisation of a Stockport-like council and realistic,
entirely fictitious families. Used by `seed_demo` and `generate_data`; never by the
service itself.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from frontdoor.services.contacts import NewFamily, NewPerson
from localities.models import Agency, Locality, PostcodeArea, School, Team
from pathway.choices import Channel, LevelOfNeed, Role, Sex

DEMO_PASSWORD = "Pathway-demo-2026"  # noqa: S105 - printed on purpose; demo only

# (code, name, postcode districts served)
LOCALITIES = [
    ("central", "Stockport Central", ["SK1", "SK2", "SK3"]),
    ("north-west", "Stockport North and West", ["SK4", "SK5", "M19"]),
    ("south-east", "Stockport South and East", ["SK6", "SK7", "SK8", "SK12"]),
]

# (code, name, kind, locality code or None for borough-wide)
TEAMS = [
    ("contact-centre", "Contact Centre", Team.Kind.CONTACT_CENTRE, None),
    ("central-early-help", "Central Early Help Team", Team.Kind.LOCALITY, "central"),
    ("central-family-support", "Central Family Support Team", Team.Kind.LOCALITY, "central"),
    ("north-west-early-help", "North and West Early Help Team", Team.Kind.LOCALITY, "north-west"),
    (
        "north-west-family-support",
        "North and West Family Support Team",
        Team.Kind.LOCALITY,
        "north-west",
    ),
    ("south-east-early-help", "South and East Early Help Team", Team.Kind.LOCALITY, "south-east"),
    (
        "south-east-family-support",
        "South and East Family Support Team",
        Team.Kind.LOCALITY,
        "south-east",
    ),
    ("youth-offending", "Youth Offending Service", Team.Kind.SPECIALIST, None),
    (
        "young-peoples-drug-alcohol",
        "Young People's Drug and Alcohol Service",
        Team.Kind.SPECIALIST,
        None,
    ),
]

# (code, name, kind, tier, offers a universal service)
AGENCIES = [
    ("gmp", "Greater Manchester Police", Agency.Kind.POLICE, LevelOfNeed.SPECIALIST, False),
    (
        "health-visiting",
        "Health Visiting Service",
        Agency.Kind.HEALTH_VISITING,
        LevelOfNeed.UNIVERSAL,
        True,
    ),
    (
        "school-nursing",
        "School Nursing Service",
        Agency.Kind.SCHOOL_NURSING,
        LevelOfNeed.UNIVERSAL,
        True,
    ),
    ("midwifery", "Stepping Hill Midwifery", Agency.Kind.MIDWIFERY, LevelOfNeed.UNIVERSAL, True),
    (
        "womens-aid",
        "Stockport Women's Aid",
        Agency.Kind.DOMESTIC_ABUSE,
        LevelOfNeed.TARGETED,
        False,
    ),
    (
        "adult-drug-alcohol",
        "Adult Drug and Alcohol Service",
        Agency.Kind.SUBSTANCE_MISUSE,
        LevelOfNeed.TARGETED,
        False,
    ),
    (
        "counselling",
        "Family Counselling Service",
        Agency.Kind.COUNSELLING,
        LevelOfNeed.UNIVERSAL_PLUS,
        True,
    ),
    ("schools", "Stockport Schools", Agency.Kind.EDUCATION, LevelOfNeed.UNIVERSAL, True),
    (
        "childrens-centres",
        "Children's Centres",
        Agency.Kind.CHILDRENS_CENTRE,
        LevelOfNeed.UNIVERSAL,
        True,
    ),
    ("youth-service", "Youth Service", Agency.Kind.YOUTH, LevelOfNeed.UNIVERSAL, True),
    ("parenting", "Parenting Programmes", Agency.Kind.PARENTING, LevelOfNeed.UNIVERSAL_PLUS, True),
    (
        "social-care",
        "Children's Social Care",
        Agency.Kind.SOCIAL_CARE,
        LevelOfNeed.STATUTORY,
        False,
    ),
]

# (urn, name, locality code)
SCHOOLS = [
    ("106100", "Banks Lane Junior School", "central"),
    ("106101", "Hollywood Park Primary School", "central"),
    ("106102", "Reddish Vale High School", "north-west"),
    ("106103", "Heaton Moor Primary School", "north-west"),
    ("106104", "Marple Hall School", "south-east"),
    ("106105", "Bramhall Village Primary School", "south-east"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    first_name: str
    last_name: str
    job_title: str
    locality: str | None = None
    team: str | None = None
    agency: str | None = None
    capacity: int | None = None


DEMO_USERS = [
    DemoUser(
        "contact.officer",
        Role.CONTACT_OFFICER,
        "Priya",
        "Shah",
        "Referral and Information Officer",
        team="contact-centre",
    ),
    DemoUser(
        "senior.practitioner",
        Role.SENIOR_PRACTITIONER,
        "Mark",
        "Ellis",
        "Senior Practitioner",
        team="contact-centre",
    ),
    DemoUser(
        "locality.leader",
        Role.LOCALITY_LEADER,
        "Joanne",
        "Price",
        "Locality Leader, Central",
        locality="central",
    ),
    DemoUser(
        "practitioner",
        Role.PRACTITIONER,
        "Sam",
        "Okafor",
        "Family Support Worker",
        team="central-early-help",
        capacity=12,
    ),
    DemoUser("partner", Role.PARTNER, "Helen", "Walsh", "Health Visitor", agency="health-visiting"),
    DemoUser("manager", Role.MANAGER, "David", "Kerr", "Service Manager, Early Help"),
    DemoUser("admin", Role.ADMIN, "Alex", "Morgan", "Systems Administrator"),
    DemoUser("auditor", Role.AUDITOR, "Ruth", "Baines", "Information Governance Lead"),
    # More caseholders so allocation has real choices.
    DemoUser(
        "leader.northwest",
        Role.LOCALITY_LEADER,
        "Imran",
        "Hussain",
        "Locality Leader, North and West",
        locality="north-west",
    ),
    DemoUser(
        "leader.southeast",
        Role.LOCALITY_LEADER,
        "Claire",
        "Doyle",
        "Locality Leader, South and East",
        locality="south-east",
    ),
    DemoUser(
        "worker.central2",
        Role.PRACTITIONER,
        "Leanne",
        "Brook",
        "Family Support Worker",
        team="central-family-support",
        capacity=10,
    ),
    DemoUser(
        "worker.northwest1",
        Role.PRACTITIONER,
        "Tom",
        "Fielding",
        "Early Help Practitioner",
        team="north-west-early-help",
        capacity=12,
    ),
    DemoUser(
        "worker.northwest2",
        Role.PRACTITIONER,
        "Aisha",
        "Begum",
        "Family Support Worker",
        team="north-west-family-support",
        capacity=10,
    ),
    DemoUser(
        "worker.southeast1",
        Role.PRACTITIONER,
        "Gareth",
        "Lloyd",
        "Early Help Practitioner",
        team="south-east-early-help",
        capacity=12,
    ),
    DemoUser(
        "worker.southeast2",
        Role.PRACTITIONER,
        "Nadia",
        "Kowalski",
        "Family Support Worker",
        team="south-east-family-support",
        capacity=10,
    ),
]


@transaction.atomic
def ensure_organisation() -> None:
    """Create or update the demo council's localities, teams, agencies and schools."""
    localities = {}
    for code, name, districts in LOCALITIES:
        locality, _ = Locality.objects.update_or_create(code=code, defaults={"name": name})
        localities[code] = locality
        for district in districts:
            PostcodeArea.objects.update_or_create(prefix=district, defaults={"locality": locality})
    for code, name, kind, locality_code in TEAMS:
        Team.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "locality": localities[locality_code] if locality_code else None,
            },
        )
    for code, name, agency_kind, tier, universal in AGENCIES:
        Agency.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": agency_kind,
                "tier": tier,
                "offers_universal_service": universal,
            },
        )
    for urn, name, locality_code in SCHOOLS:
        School.objects.update_or_create(
            urn=urn, defaults={"name": name, "locality": localities[locality_code]}
        )


GIVEN_FEMALE = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Poppy",
    "Evie",
    "Ella",
    "Chloe",
    "Jessica",
    "Megan",
    "Hannah",
    "Zara",
    "Aaliyah",
    "Maya",
    "Leah",
    "Katie",
    "Sarah",
    "Gemma",
    "Kelly",
    "Stacey",
    "Nicola",
    "Lisa",
]
GIVEN_MALE = [
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Charlie",
    "Jacob",
    "Thomas",
    "Alfie",
    "Freddie",
    "Muhammad",
    "Theo",
    "Archie",
    "Joshua",
    "Riley",
    "Mason",
    "Tyler",
    "Kyle",
    "Callum",
    "Jordan",
    "Liam",
    "Daniel",
    "Ryan",
    "Craig",
    "Lee",
    "Jon",
    "Mark",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Hughes",
    "Edwards",
    "Lewis",
    "Harris",
    "Turner",
    "Ahmed",
    "Kaur",
    "Nowak",
    "Murphy",
    "Kelly",
    "O'Brien",
    "Bennett",
    "Shaw",
    "Holt",
    "Brennan",
    "Lomas",
    "Ashworth",
    "Hargreaves",
    "Whittaker",
    "Platt",
    "Cooper",
    "Hussain",
]
STREETS = [
    "Wellington Road",
    "Hillgate",
    "Lancashire Hill",
    "Dialstone Lane",
    "Councillor Lane",
    "Reddish Road",
    "Gorton Road",
    "Heaton Moor Road",
    "Didsbury Road",
    "Buxton Road",
    "Marple Road",
    "Bramhall Lane",
    "Woodford Road",
    "Cheadle Old Road",
    "Offerton Lane",
    "Brinnington Road",
    "Hempshaw Lane",
    "Turncroft Lane",
    "Shaw Heath",
    "Banks Lane",
]
TOWNS = {
    "SK1": "Stockport",
    "SK2": "Stockport",
    "SK3": "Stockport",
    "SK4": "Stockport",
    "SK5": "Stockport",
    "M19": "Manchester",
    "SK6": "Marple",
    "SK7": "Bramhall",
    "SK8": "Cheadle",
    "SK12": "Poynton",
}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class Scenario:
    """A typical contact: how it arrives, who refers, what it is about, in whose words."""

    channel: str
    referral_source: str
    primary_issue: str
    secondary_issues: tuple[str, ...]
    reason: str
    referrer_organisation: str = ""


SCENARIOS = [
    Scenario(
        Channel.POLICE_DOMESTIC_INCIDENT,
        "6",
        "3B",
        ("4B",),
        "Police called to a verbal argument between mother and her partner at the family "
        "home. Children present but asleep upstairs. No injuries; DASH risk assessed as "
        "standard. Mother says she is struggling and would like some support.",
        "Greater Manchester Police",
    ),
    Scenario(
        Channel.PHONE,
        "1C",
        "4B",
        ("14A",),
        "Mum called: she is finding it hard to cope since her separation, feels low and "
        "the eldest is refusing to go to school. Asked what help is available.",
        "",
    ),
    Scenario(
        Channel.PROFESSIONAL_REFERRAL,
        "2A",
        "14A",
        ("17A",),
        "School reports attendance down to 78% this term and a change in behaviour: "
        "withdrawn, tired, some conflict with peers. Parents engaging with school.",
        "Hollywood Park Primary School",
    ),
    Scenario(
        Channel.MISSING_FROM_HOME,
        "6",
        "10A",
        ("2A",),
        "Young person reported missing overnight, returned home the next morning. Return "
        "interview completed; says she was at a friend's. Second episode this year.",
        "Greater Manchester Police",
    ),
    Scenario(
        Channel.AE_NOTIFICATION,
        "3E",
        "15A",
        ("4A",),
        "Attended A&E after taking an overdose of paracetamol. Medically fit for "
        "discharge; CAMHS assessment arranged. Parents supportive.",
        "Stepping Hill Hospital",
    ),
    Scenario(
        Channel.PROFESSIONAL_REFERRAL,
        "3B",
        "6B",
        ("16A",),
        "Health visitor concerned that mum has chronic back pain and limited mobility; home "
        "conditions deteriorating and baby missed two weight checks.",
        "Health Visiting Service",
    ),
    Scenario(
        Channel.EMAIL,
        "4",
        "20",
        ("1B",),
        "Housing officer reports rent arrears and neighbour complaints about noise; tenancy "
        "at risk. Family has three children under 10.",
        "Stockport Homes",
    ),
    Scenario(
        Channel.ONLINE_FORM,
        "1A",
        "2B",
        ("3B",),
        "Grandmother worried that her son is using cannabis daily in front of the "
        "children and that there are arguments at home.",
        "",
    ),
    Scenario(
        Channel.PROFESSIONAL_REFERRAL,
        "3A",
        "4A",
        ("15A",),
        "GP reports a 14-year-old with low mood and anxiety, on the CAMHS waiting list; "
        "family would benefit from support in the meantime.",
        "Heaton Moor Medical Centre",
    ),
    Scenario(
        Channel.PHONE,
        "1B",
        "16A",
        (),
        "Neighbour concerned the children are often out late without supervision and "
        "appear hungry.",
        "",
    ),
    Scenario(
        Channel.PROFESSIONAL_REFERRAL,
        "3C",
        "7A",
        ("6B",),
        "School nurse: 12-year-old is caring for his mum who has multiple sclerosis; "
        "missing school and tired.",
        "School Nursing Service",
    ),
    Scenario(
        Channel.PROFESSIONAL_REFERRAL,
        "8",
        "3B",
        ("17A",),
        "Women's Aid supporting mum after she left an abusive relationship; the children "
        "are showing signs of distress and she would like family support.",
        "Stockport Women's Aid",
    ),
]


def valid_nhs_number(rng: random.Random) -> str:
    """A random NHS number in the 999 test range with a correct check digit."""
    from pathway.validators import nhs_number_is_valid

    while True:
        stem = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check == 10:
            continue
        number = stem + str(check)
        if nhs_number_is_valid(number):
            return number


def random_postcode(rng: random.Random, district: str | None = None) -> str:
    district = district or rng.choice(list(TOWNS))
    return (
        f"{district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    )


def synthetic_family(
    rng: random.Random, today: date, *, with_nhs_numbers: bool = True
) -> tuple[NewFamily, list[NewPerson], list[NewPerson]]:
    """One fictitious household: an address, one to four children and one or two adults."""
    district = rng.choice(list(TOWNS))
    family_name = rng.choice(FAMILY_NAMES)
    family = NewFamily(
        address_line_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        town=TOWNS[district],
        postcode=random_postcode(rng, district),
        address_confidential=rng.random() < 0.04,
    )
    adults = []
    mother_age = rng.randint(20, 45)
    adults.append(
        NewPerson(
            given_name=rng.choice(GIVEN_FEMALE[18:]),
            family_name=family_name,
            date_of_birth=today - timedelta(days=mother_age * 365 + rng.randint(0, 364)),
            sex=Sex.FEMALE,
            nhs_number=valid_nhs_number(rng) if with_nhs_numbers and rng.random() < 0.8 else "",
            relationship="parent_carer",
        )
    )
    if rng.random() < 0.55:
        adults.append(
            NewPerson(
                given_name=rng.choice(GIVEN_MALE[20:]),
                family_name=family_name if rng.random() < 0.7 else rng.choice(FAMILY_NAMES),
                date_of_birth=today - timedelta(days=(mother_age + rng.randint(-3, 8)) * 365),
                sex=Sex.MALE,
                relationship="parent_carer",
            )
        )
    children = []
    for _ in range(rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]):
        age_days = rng.randint(30, min(17, mother_age - 17) * 365)
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        names = GIVEN_FEMALE[:18] if sex == Sex.FEMALE else GIVEN_MALE[:20]
        children.append(
            NewPerson(
                given_name=rng.choice(names),
                family_name=family_name,
                date_of_birth=today - timedelta(days=age_days),
                sex=sex,
                nhs_number=valid_nhs_number(rng) if with_nhs_numbers else "",
            )
        )
    if rng.random() < 0.05:
        children.append(
            NewPerson(
                given_name="Unborn",
                family_name=family_name,
                expected_date=today + timedelta(days=rng.randint(20, 200)),
            )
        )
    return family, children, adults


# --- Synthetic volume for benchmarks (`generate_data`) ----------------------------------
#
# `synthetic_family` above draws from a few dozen names, which is right for a demo of a
# few hundred families but not for half a million people: every "Smith" search would
# bring back tens of thousands of people. The helpers below widen the name lists to a
# distribution shaped like England and Wales (the commonest surname about 1.3% of people,
# the top hundred about a third, then a long tail) and hand out NHS numbers without
# collisions. All names are common names; every person made from them is fictitious.

# fmt: off
MORE_FAMILY_NAMES = [
    "Walsh", "Moore", "Martin", "Thomas", "Lee", "Anderson", "Baker", "Hill", "Morris", "Ward",
    "King", "Scott", "Young", "Allen", "Mitchell", "Harrison", "Morgan", "Phillips", "Campbell",
    "Parker", "Carter", "Collins", "Bell", "Watson", "Price", "Marshall", "Lloyd", "Ellis",
    "Griffiths", "Richardson", "Stevens", "Jenkins", "Simpson", "Mason", "Fletcher", "Barker",
    "Butler", "Chapman", "Dixon", "Hunt", "Palmer", "Holmes", "Lawrence", "Matthews", "Owen",
    "Reynolds", "Rogers", "Russell", "Saunders", "Stewart", "Webb", "Wells", "West", "Knight",
    "Lewis", "Kennedy", "Gibson", "Gray", "Grant", "Ford", "Fox", "Foster", "Gordon", "Graham",
    "Hamilton", "Hayes", "Howard", "Hudson", "Hunter", "Jordan", "Kelly", "Lane", "Lowe", "Mills",
    "Newman", "Norris", "O'Neill", "Parsons", "Pearson", "Pritchard", "Quinn", "Reid", "Rose",
    "Ryan", "Sharp", "Spencer", "Stone", "Sutton", "Tucker", "Wallace", "Warren", "Watts",
    "Wheeler", "Williamson", "Woods", "Atkinson", "Barnes", "Berry", "Bradley", "Brooks", "Burton",
    "Chambers", "Cole", "Cox", "Davidson", "Dawson", "Day", "Doyle", "Duncan", "Elliott", "Farrell",
    "Fisher", "Francis", "Gallagher", "Gill", "Gregory", "Hardy", "Harvey", "Hart", "Henderson",
    "Hopkins", "Hughes", "Jennings", "Kaur", "Kirby", "Lamb", "Lynch", "McCarthy", "McDonald",
    "MacKenzie", "Miah", "Mistry", "Moss", "Murray", "Nicholls", "Nolan", "Page", "Payne",
    "Pickering", "Potter", "Rahman", "Riley", "Robertson", "Shah", "Sheikh", "Singh", "Slater",
    "Stanley", "Stokes", "Sullivan", "Tomlinson", "Wade", "Walton", "Begum", "Ali", "Akhtar",
    "Chaudhry", "Iqbal", "Mahmood", "Malik", "Rashid", "Kowalski", "Kowalczyk", "Lewandowski",
    "Wisniewski", "Wojcik", "Kaminski", "Zielinski", "Nguyen", "Okafor", "Adeyemi", "Mensah",
    "Osei", "Chowdhury", "Das", "Gupta", "Sharma", "Brennan", "Byrne", "Connolly", "Doherty",
    "Gallacher", "Keane", "McGuire", "O'Connor", "O'Donnell", "O'Sullivan", "Regan", "Sweeney",
    "Flanagan", "Hale", "Heywood", "Hulme", "Leigh", "Marsden", "Ogden", "Pemberton", "Rigby",
    "Schofield", "Sutcliffe", "Swindells", "Tattersall", "Unsworth", "Wolstenholme",
]
# Surnames built from place-name parts, for the long tail ("Holcroft", "Stanworth").
_SURNAME_HEADS = [
    "Ash", "Back", "Bar", "Black", "Brad", "Bram", "Brom", "Buck", "Burn", "Car", "Chad", "Clay",
    "Cross", "Dun", "Elm", "Fair", "Farn", "Green", "Hal", "Ham", "Hard", "Hay", "Heath", "High",
    "Hol", "Kings", "Lang", "Mar", "Mid", "Mor", "New", "Nor", "Oak", "Pen", "Rad", "Red", "Ros",
    "Rush", "Sal", "Shel", "Stan", "Stock", "Sud", "Thorn", "Wal", "Wes", "Whit", "Win", "Wood",
    "Wren",
]
_SURNAME_TAILS = [
    "bridge", "brook", "burn", "bury", "by", "cliffe", "croft", "dale", "den", "field", "ford",
    "gate", "ham", "hill", "hurst", "land", "ley", "low", "more", "shaw", "ston", "thwaite", "ton",
    "well", "wick", "wood", "worth",
]
MORE_GIVEN_FEMALE_CHILD = [
    "Emily", "Sophie", "Ruby", "Daisy", "Alice", "Florence", "Willow", "Elsie", "Phoebe", "Matilda",
    "Harper", "Sienna", "Layla", "Aisha", "Fatima", "Zofia", "Amber", "Lucy", "Millie", "Eleanor",
    "Charlotte", "Elizabeth", "Isabelle", "Niamh", "Erin", "Holly", "Jasmine", "Imogen", "Scarlett",
    "Ellie", "Libby", "Abigail", "Victoria", "Rebecca", "Natalie", "Maryam", "Hana", "Lena",
    "Robyn", "Caitlin",
]
MORE_GIVEN_MALE_CHILD = [
    "William", "James", "Henry", "Alexander", "Edward", "Samuel", "Joseph", "Benjamin", "Ethan",
    "Lucas", "Max", "Isaac", "Finley", "Teddy", "Reggie", "Louie", "Ibrahim", "Yusuf", "Ali",
    "Jakub", "Dylan", "Lewis", "Owen", "Sebastian", "Elijah", "Toby", "Rory", "Caleb", "Matthew",
    "Nathan", "Michael", "Robert", "Christopher", "Anthony", "Patrick", "Zachary", "Harrison",
    "Kai", "Ayaan", "Filip",
]
MORE_GIVEN_FEMALE_ADULT = [
    "Amy", "Laura", "Rachel", "Emma", "Claire", "Joanne", "Danielle", "Jennifer", "Rebecca",
    "Victoria", "Samantha", "Charlotte", "Kayleigh", "Natalie", "Hayley", "Leanne", "Michelle",
    "Donna", "Nadia", "Shabana", "Agnieszka", "Katherine", "Jacqueline", "Deborah", "Louise",
    "Kirsty", "Jodie", "Sadia", "Amanda", "Elizabeth",
]
MORE_GIVEN_MALE_ADULT = [
    "Christopher", "David", "Paul", "Andrew", "Stephen", "Michael", "James", "Robert", "Richard",
    "Anthony", "Carl", "Darren", "Jason", "Wayne", "Dean", "Gareth", "Imran", "Tariq", "Piotr",
    "Jonathan", "Matthew", "Steven", "Thomas", "Peter", "William", "Shaun", "Adam", "Nathan",
    "Kamran", "Tomasz",
]
# fmt: on


@dataclass(frozen=True)
class NamePool:
    """Names with cumulative weights, for fast weighted choices with `rng.choices`."""

    names: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]


def _pool(names: list[str], exponent: float, offset: int) -> NamePool:
    """A Zipf-like pool: the n-th name is drawn in proportion to 1 / (n + offset)^exponent."""
    unique = list(dict.fromkeys(names))
    total, cumulative = 0.0, []
    for rank, _ in enumerate(unique, start=1):
        total += 1 / (rank + offset) ** exponent
        cumulative.append(total)
    return NamePool(tuple(unique), tuple(cumulative))


def _compound_surnames() -> list[str]:
    made = [head + tail for head in _SURNAME_HEADS for tail in _SURNAME_TAILS]
    # Fixed order, unrelated to the alphabet, so the tail's weights are spread evenly.
    random.Random(1).shuffle(made)
    return made


@dataclass(frozen=True)
class VolumeNames:
    family: NamePool
    female_child: NamePool
    male_child: NamePool
    female_adult: NamePool
    male_adult: NamePool


def volume_names() -> VolumeNames:
    """The name pools `volume_household` draws from (the demo's own names rank first)."""
    return VolumeNames(
        family=_pool([*FAMILY_NAMES, *MORE_FAMILY_NAMES, *_compound_surnames()], 0.8, 6),
        female_child=_pool([*GIVEN_FEMALE[:18], *MORE_GIVEN_FEMALE_CHILD], 0.6, 4),
        male_child=_pool([*GIVEN_MALE[:20], *MORE_GIVEN_MALE_CHILD], 0.6, 4),
        female_adult=_pool([*GIVEN_FEMALE[18:], *MORE_GIVEN_FEMALE_ADULT], 0.6, 4),
        male_adult=_pool([*GIVEN_MALE[20:], *MORE_GIVEN_MALE_ADULT], 0.6, 4),
    )


def nhs_check_digit(stem: str) -> int | None:
    """The modulus-11 check digit for a 9-digit stem, or None when no valid one exists."""
    total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def nhs_test_numbers(taken: set[str] | frozenset[str] = frozenset()) -> Iterator[str]:
    """Every valid NHS number in the 999 test range (never issued to a real person), in
    ascending order, skipping those in `taken`. About 909,000 numbers in all."""
    for n in range(999_000_000, 1_000_000_000):
        stem = str(n)
        check = nhs_check_digit(stem)
        if check is None:
            continue
        number = f"{stem}{check}"
        if number not in taken:
            yield number


@dataclass(frozen=True)
class VolumeAlias:
    person: int  # index into VolumeHousehold.people
    given_name: str
    family_name: str
    kind: str


@dataclass(frozen=True)
class VolumeHousehold:
    family: NewFamily
    people: list[NewPerson]
    aliases: list[VolumeAlias]
    # Indexes into `people` of household members who have since left (ended memberships).
    left: frozenset[int] = frozenset()


def volume_household(
    rng: random.Random, today: date, names: VolumeNames, nhs_numbers: Iterator[str]
) -> VolumeHousehold:
    """One fictitious household for volume data: like `synthetic_family`, with the wider
    name lists, the occasional other adult, previous names and nicknames, and NHS
    numbers taken in turn from `nhs_numbers` so that none repeats."""
    district = rng.choice(list(TOWNS))
    family_name = names.family.pick(rng)
    family = NewFamily(
        address_line_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        town=TOWNS[district],
        postcode=random_postcode(rng, district),
        address_confidential=rng.random() < 0.04,
    )
    people: list[NewPerson] = []
    aliases: list[VolumeAlias] = []
    left: set[int] = set()
    mother_age = rng.randint(19, 47)
    mother_maiden = names.family.pick(rng)
    married = rng.random() < 0.45
    people.append(
        NewPerson(
            given_name=names.female_adult.pick(rng),
            family_name=family_name if married or rng.random() < 0.6 else mother_maiden,
            date_of_birth=today - timedelta(days=mother_age * 365 + rng.randint(0, 364)),
            sex=Sex.FEMALE,
            nhs_number=next(nhs_numbers) if rng.random() < 0.85 else "",
            relationship="parent_carer",
        )
    )
    if married and mother_maiden != family_name:
        aliases.append(VolumeAlias(0, "", mother_maiden, "previous"))
    if rng.random() < 0.6:
        people.append(
            NewPerson(
                given_name=names.male_adult.pick(rng),
                family_name=family_name if rng.random() < 0.75 else names.family.pick(rng),
                date_of_birth=today
                - timedelta(days=(mother_age + rng.randint(-3, 9)) * 365 + rng.randint(0, 364)),
                sex=Sex.MALE,
                nhs_number=next(nhs_numbers) if rng.random() < 0.7 else "",
                relationship="parent_carer",
            )
        )
        if rng.random() < 0.08:
            left.add(len(people) - 1)
    if rng.random() < 0.06:
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        pool = names.female_adult if sex == Sex.FEMALE else names.male_adult
        people.append(
            NewPerson(
                given_name=pool.pick(rng),
                family_name=names.family.pick(rng),
                date_of_birth=today - timedelta(days=rng.randint(18 * 365, 70 * 365)),
                sex=sex,
                nhs_number=next(nhs_numbers) if rng.random() < 0.6 else "",
                relationship="other_adult",
            )
        )
    for _ in range(rng.choices([1, 2, 3, 4, 5], weights=[34, 34, 19, 9, 4])[0]):
        age_days = rng.randint(30, min(17, mother_age - 17) * 365)
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        pool = names.female_child if sex == Sex.FEMALE else names.male_child
        people.append(
            NewPerson(
                given_name=pool.pick(rng),
                family_name=family_name if rng.random() < 0.92 else mother_maiden,
                date_of_birth=today - timedelta(days=age_days),
                sex=sex,
                nhs_number=next(nhs_numbers) if rng.random() < 0.97 else "",
            )
        )
        if rng.random() < 0.03:
            aliases.append(VolumeAlias(len(people) - 1, _nickname_for(rng), "", "nickname"))
    if rng.random() < 0.05:
        people.append(
            NewPerson(
                given_name="Unborn",
                family_name=family_name,
                expected_date=today + timedelta(days=rng.randint(20, 200)),
            )
        )
    return VolumeHousehold(family=family, people=people, aliases=aliases, left=frozenset(left))


def _nickname_for(rng: random.Random) -> str:
    return rng.choice(["Bubba", "Jojo", "Bex", "Tiny", "Sunny", "Kiki", "Bobbie", "Dee", "Ty"])
