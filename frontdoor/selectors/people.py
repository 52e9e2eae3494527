"""Finding people: one search box for names (misspelt or nicknamed), dates of birth,
postcodes and NHS numbers, ranked with the reasons each person matched."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone

from pathway import policy
from pathway.matching import fold_name, given_name_keys, given_name_variants, name_key
from pathway.models import AccessLogEntry, Family, HouseholdMember, Person, PersonAlias, User
from pathway.services.audit import access_log_record
from pathway.validators import normalise_nhs_number, normalise_postcode, postcode_is_valid

# How many candidates each kind of lookup may bring back before ranking.
CANDIDATE_LIMIT = 300

_DATE_PATTERNS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b")


@dataclass
class PeopleQuery:
    """What a search is looking for, parsed from the search box and its filters."""

    given_name: str = ""
    family_name: str = ""
    nhs_number: str = ""
    postcode: str = ""
    date_of_birth: date | None = None
    dob_window_days: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.given_name
            or self.family_name
            or self.nhs_number
            or self.postcode
            or self.date_of_birth
        )

    def describe(self) -> str:
        parts = []
        if self.given_name or self.family_name:
            parts.append(f"name “{(self.given_name + ' ' + self.family_name).strip()}”")
        if self.date_of_birth:
            window = f" ±{self.dob_window_days} days" if self.dob_window_days else ""
            parts.append(f"born {self.date_of_birth:%d/%m/%Y}{window}")
        if self.postcode:
            parts.append(f"postcode {self.postcode}")
        if self.nhs_number:
            parts.append(f"NHS number {self.nhs_number}")
        return ", ".join(parts) or "nothing"


def search_date_of_birth_error(day: date, *, today: date | None = None) -> str:
    """Why a date of birth cannot be searched for ("" if it can): no one on file was born
    more than 120 years ago, or later than an unborn child's expected date could be."""
    today = today or timezone.localdate()
    earliest = _shifted(today, -(120 * 366))
    latest = _shifted(today, 300)
    if not earliest <= day <= latest:
        return f"Search for a date of birth between {earliest:%-d %B %Y} and {latest:%-d %B %Y}"
    return ""


def parse_people_query(
    text: str,
    *,
    date_of_birth: date | None = None,
    dob_window_days: int = 0,
    postcode: str = "",
) -> PeopleQuery:
    """Pull an NHS number, a postcode and a date out of free text; the rest is a name."""
    query = PeopleQuery(date_of_birth=date_of_birth, dob_window_days=max(0, dob_window_days))
    remaining = text or ""
    digits = re.search(r"\b(\d{3}[\s-]?\d{3}[\s-]?\d{4})\b", remaining)
    if digits:
        query.nhs_number = normalise_nhs_number(digits.group(1))
        remaining = remaining.replace(digits.group(0), " ")
    found_postcode = _POSTCODE_IN_TEXT.search(remaining)
    if found_postcode and postcode_is_valid(found_postcode.group(0)):
        query.postcode = normalise_postcode(found_postcode.group(0))
        remaining = remaining.replace(found_postcode.group(0), " ")
    if postcode:
        query.postcode = normalise_postcode(postcode)
    for token in re.findall(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}", remaining):
        parsed = _parse_date(token)
        if parsed and query.date_of_birth is None:
            query.date_of_birth = parsed
        remaining = remaining.replace(token, " ")
    words = [w for w in re.split(r"[\s,]+", remaining) if fold_name(w)]
    if len(words) == 1:
        query.family_name = words[0]
    elif len(words) > 1:
        query.given_name, query.family_name = words[0], words[-1]
    return query


def _parse_date(text: str) -> date | None:
    for pattern in _DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass
class PersonMatch:
    person: Person
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def household(self) -> Family | None:
        current = getattr(self.person, "current_households", None)
        return current[0].family if current else None

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def people_search(
    *,
    user: User,
    query: PeopleQuery,
    limit: int = 25,
    request: HttpRequest | None = None,
) -> list[PersonMatch]:
    """The `limit` best matches of people_search_counted."""
    return people_search_counted(user=user, query=query, limit=limit, request=request)[0]


def people_search_counted(
    *,
    user: User,
    query: PeopleQuery,
    limit: int = 25,
    request: HttpRequest | None = None,
) -> tuple[list[PersonMatch], int]:
    """People this user may see who match `query`, best first, each with its reasons.

    The search is written to the access log in the same transaction. Merged-away
    duplicates never appear. Uses phonetic keys on any database and, on PostgreSQL,
    trigram similarity as well.

    Every candidate is scored from a few columns fetched with the candidate lookups
    themselves (plus its aliases and postcodes when the query needs them); only the
    `limit` best are loaded as full records with their households, so the cost of
    ranking hundreds of candidates stays small (docs/performance.md).

    Returns the best `limit` matches and how many people matched in all (so a page can
    say "60 people match: refine the search").
    """
    if query.is_empty:
        return [], 0
    terms = _Terms.of(query)
    with transaction.atomic():
        visible = policy.people_visible_to(user).filter(merged_into__isnull=True)
        candidates = _candidates(visible, query)
        if query.family_name:
            _attach_aliases(candidates)
        if query.postcode:
            _attach_postcodes(candidates)
        scored = [m for m in (_score(c, query, terms) for c in candidates.values()) if m.score > 0]
        scored.sort(
            key=lambda m: (-m.score, m.person.family_name, m.person.given_name, m.person.pk)
        )
        matches = _with_records(scored[:limit])
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.SEARCH,
            what=f"People search: {query.describe()} ({len(scored)} found)"[:200],
            request=request,
        )
    return matches, len(scored)


# The columns a candidate is scored on, fetched by the candidate lookups themselves.
_CANDIDATE_FIELDS = (
    "pk",
    "given_name",
    "family_name",
    "given_name_key",
    "family_name_key",
    "date_of_birth",
    "nhs_number",
)


@dataclass(frozen=True, slots=True)
class _Alias:
    given_name: str
    family_name: str
    given_name_key: str
    family_name_key: str

    def __str__(self) -> str:  # as PersonAlias.__str__
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(slots=True)
class _Candidate:
    """The columns of a person that scoring reads, without loading the whole record."""

    pk: int
    given_name: str
    family_name: str
    given_name_key: str
    family_name_key: str
    date_of_birth: date | None
    nhs_number: str
    aliases: tuple[_Alias, ...] = ()
    postcodes: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Scored:
    person: _Candidate
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


@dataclass(frozen=True)
class _Terms:
    """What the query's names come to, worked out once per search, not per candidate."""

    family: str
    given: str
    family_key: str
    family_as_given_keys: frozenset[str]
    given_variants: frozenset[str]
    given_keys: frozenset[str]
    family_trigrams: frozenset[str]
    given_trigrams: frozenset[str]

    @classmethod
    def of(cls, query: PeopleQuery) -> _Terms:
        return cls(
            family=fold_name(query.family_name),
            given=fold_name(query.given_name),
            family_key=name_key(query.family_name),
            family_as_given_keys=given_name_keys(query.family_name),
            given_variants=given_name_variants(query.given_name),
            given_keys=given_name_keys(query.given_name),
            family_trigrams=_trigrams(query.family_name),
            given_trigrams=_trigrams(query.given_name),
        )


def _candidates(visible: QuerySet[Person], query: PeopleQuery) -> dict[int, _Candidate]:
    found: dict[int, _Candidate] = {}

    def take(qs: QuerySet[Person]) -> None:
        for row in qs.values_list(*_CANDIDATE_FIELDS)[:CANDIDATE_LIMIT]:
            if row[0] not in found:
                found[row[0]] = _Candidate(*row)

    if query.nhs_number:
        take(visible.filter(nhs_number=query.nhs_number))

    family_key = name_key(query.family_name) if query.family_name else ""
    given_keys = given_name_keys(query.given_name) if query.given_name else frozenset()
    narrowing = _dob_q(query) if query.date_of_birth else Q()

    if family_key and given_keys:
        take(visible.filter(family_name_key=family_key, given_name_key__in=given_keys))
        # Callers sometimes give the family name first.
        swapped = given_name_keys(query.family_name)
        take(visible.filter(family_name_key=name_key(query.given_name), given_name_key__in=swapped))
        alias_people = PersonAlias.objects.filter(
            family_name_key=family_key, given_name_key__in=given_keys
        ).values("person_id")
        take(visible.filter(pk__in=alias_people))
    elif family_key:
        # One word: a family name, or a first name narrowed by a date of birth or postcode.
        take(
            # Children first: the front door is usually looking for a child.
            visible.filter(family_name_key=family_key).order_by("-date_of_birth")
        )
        single_keys = given_name_keys(query.family_name)
        if query.date_of_birth or query.postcode:
            take(visible.filter(narrowing, given_name_key__in=single_keys))
        alias_people = PersonAlias.objects.filter(
            Q(family_name_key=family_key) | Q(given_name_key__in=single_keys)
        ).values("person_id")
        take(visible.filter(pk__in=alias_people))

    if connection.vendor == "postgresql" and query.family_name:
        # Trigram similarity catches typos that change the sound ("Smoth").
        similar = visible.annotate(lower_family=Lower("family_name")).filter(
            lower_family__trigram_similar=query.family_name.lower()
        )
        if query.given_name:
            similar = similar.annotate(lower_given=Lower("given_name")).filter(
                lower_given__trigram_similar=query.given_name.lower()
            )
        elif query.date_of_birth:
            similar = similar.filter(narrowing)
        take(similar)

    if query.date_of_birth and not (query.family_name or query.given_name):
        take(visible.filter(_dob_q(query)))

    if query.postcode:
        at_postcode = HouseholdMember.objects.current().filter(family__postcode=query.postcode)
        take(visible.filter(pk__in=at_postcode.values("person_id")))
    return found


def _attach_aliases(candidates: dict[int, _Candidate]) -> None:
    rows = (
        PersonAlias.objects.filter(person_id__in=list(candidates))
        .order_by("pk")
        .values_list("person_id", "given_name", "family_name", "given_name_key", "family_name_key")
    )
    aliases: dict[int, list[_Alias]] = {}
    for person_id, *names in rows:
        aliases.setdefault(person_id, []).append(_Alias(*names))
    for person_id, found in aliases.items():
        candidates[person_id].aliases = tuple(found)


def _attach_postcodes(candidates: dict[int, _Candidate]) -> None:
    # Two lookups by key rather than one join: the planner would scan every family.
    homes = list(
        HouseholdMember.objects.current()
        .filter(person_id__in=list(candidates))
        .values_list("person_id", "family_id")
    )
    postcodes = dict(
        Family.objects.filter(pk__in={family_id for _, family_id in homes}).values_list(
            "pk", "postcode"
        )
    )
    at: dict[int, set[str]] = {}
    for person_id, family_id in homes:
        at.setdefault(person_id, set()).add(postcodes[family_id])
    for person_id, found in at.items():
        candidates[person_id].postcodes = frozenset(found)


def _with_records(scored: list[_Scored]) -> list[PersonMatch]:
    """The best matches as full records, with current households and aliases loaded."""
    people = Person.objects.filter(pk__in=[s.person.pk for s in scored]).prefetch_related(
        Prefetch(
            "households",
            queryset=HouseholdMember.objects.current().select_related("family", "family__locality"),
            to_attr="current_households",
        ),
        "aliases",
    )
    by_pk = {person.pk: person for person in people}
    return [
        PersonMatch(person=by_pk[s.person.pk], score=s.score, reasons=s.reasons)
        for s in scored
        if s.person.pk in by_pk
    ]


def _dob_q(query: PeopleQuery) -> Q:
    assert query.date_of_birth is not None
    around = Q(
        date_of_birth__gte=_shifted(query.date_of_birth, -query.dob_window_days),
        date_of_birth__lte=_shifted(query.date_of_birth, query.dob_window_days),
    )
    swapped = _day_month_swapped(query.date_of_birth)
    return around | Q(date_of_birth=swapped) if swapped else around


def _shifted(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the calendar's ends (a date typed as 0001 or
    9999 is refused by the doors; this keeps the query itself from overflowing)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _day_month_swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return date(day.year, day.day, day.month)
    except ValueError:
        return None


def _score(person: _Candidate, query: PeopleQuery, terms: _Terms) -> _Scored:
    match = _Scored(person=person)
    if query.nhs_number and person.nhs_number == query.nhs_number:
        match.add(100, "Same NHS number")
    if query.family_name:
        _score_names(match, person, query, terms)
    if query.date_of_birth and person.date_of_birth:
        if person.date_of_birth == query.date_of_birth:
            match.add(30, "Same date of birth")
        elif abs((person.date_of_birth - query.date_of_birth).days) <= query.dob_window_days:
            match.add(15, f"Born within {query.dob_window_days} days of the date given")
        elif person.date_of_birth == _day_month_swapped(query.date_of_birth):
            match.add(10, "Date of birth with day and month swapped")
    if query.postcode:
        postcodes = person.postcodes
        if query.postcode in postcodes:
            match.add(20, "Same postcode")
        elif any(p.split(" ")[0] == query.postcode.split(" ")[0] for p in postcodes if p):
            match.add(5, "Same postcode district")
    return match


def _score_names(match: _Scored, person: _Candidate, query: PeopleQuery, terms: _Terms) -> None:
    family, given = terms.family, terms.given
    single_word = not query.given_name
    if _folded(person.family_name) == family:
        match.add(30, "Same family name")
    elif person.family_name_key and person.family_name_key == terms.family_key:
        match.add(20, "Family name sounds alike")
    elif single_word and _folded(person.given_name) == family:
        match.add(25, "Same first name")
    elif single_word and person.given_name_key in terms.family_as_given_keys:
        match.add(15, "First name sounds alike")
    elif _similar_to(person.family_name, terms.family_trigrams):
        match.add(12, "Family name spelt similarly")
    if given:
        person_given = _folded(person.given_name)
        if person_given == given:
            match.add(25, "Same first name")
        elif person_given in terms.given_variants:
            match.add(18, f"{person.given_name} is a usual form of {query.given_name}")
        elif person.given_name_key and person.given_name_key in terms.given_keys:
            match.add(15, "First name sounds alike")
        elif _similar_to(person.given_name, terms.given_trigrams):
            match.add(10, "First name spelt similarly")
    for alias in person.aliases:
        if alias.family_name_key == terms.family_key and (
            not given or alias.given_name_key in terms.given_keys
        ):
            match.add(18, f"Also known as {alias}")
            break


def _similar_to(a: str, grams_b: frozenset[str]) -> bool:
    """Trigram similarity of at least 0.4 between `a` and a name already split into
    trigrams, computed the way pg_trgm does (near enough)."""
    grams_a = _trigrams(a)
    if not grams_a or not grams_b:
        return False
    return len(grams_a & grams_b) / len(grams_a | grams_b) >= 0.4


# Names repeat across candidates and searches: fold and split each once.
@lru_cache(maxsize=8192)
def _folded(name: str) -> str:
    return fold_name(name)


@lru_cache(maxsize=8192)
def _trigrams(text: str) -> frozenset[str]:
    folded = f"  {_folded(text)} "
    if not folded.strip():
        return frozenset()
    return frozenset(folded[i : i + 3] for i in range(len(folded) - 2))
