"""Phonetic keys and nicknames for finding people whose names are spelt differently.

"Jon Smyth" must find "John Smith"; "Bill" must find "William". Keys are stored on each
person (and alias) and indexed, so matching is an index lookup on any database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish

# Names that are the same person's name to a caller on the phone. Each group is
# symmetric: any member finds every other member.
NICKNAME_GROUPS: list[set[str]] = [
    {"william", "bill", "billy", "will", "willie", "liam"},
    {"robert", "bob", "bobby", "rob", "robbie", "bert"},
    {"elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "libby", "lisa"},
    {"margaret", "maggie", "meg", "peggy"},
    {"katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cath", "kitty"},
    {"john", "jon", "jack", "johnny", "jonny"},
    {"jonathan", "jon", "jonny", "nathan"},
    {"james", "jim", "jimmy", "jamie"},
    {"thomas", "tom", "tommy"},
    {"michael", "mike", "mikey", "mick", "micky"},
    {"richard", "rick", "ricky", "dick", "rich", "richie"},
    {"alexander", "alex", "alec", "sandy", "xander"},
    {"alexandra", "alex", "sandra", "lexi", "lexie"},
    {"christopher", "chris", "kit"},
    {"christine", "chris", "christina", "tina"},
    {"daniel", "dan", "danny"},
    {"david", "dave", "davey", "davie"},
    {"edward", "ed", "eddie", "ted", "ned"},
    {"joseph", "joe", "joey"},
    {"matthew", "matt", "matty"},
    {"nicholas", "nick", "nicky"},
    {"samuel", "sam", "sammy"},
    {"samantha", "sam", "sammie", "sammy"},
    {"jessica", "jess", "jessie"},
    {"rebecca", "becky", "becca"},
    {"victoria", "vicky", "vikki", "tori"},
    {"jennifer", "jen", "jenny"},
    {"charlotte", "charlie", "lottie"},
    {"charles", "charlie", "chas"},
    {"benjamin", "ben", "benny"},
    {"anthony", "tony"},
    {"andrew", "andy", "drew"},
    {"stephen", "steven", "steve"},
    {"patricia", "pat", "patty", "trish"},
    {"patrick", "pat", "paddy"},
    {"susan", "sue", "susie"},
    {"deborah", "debbie", "debra", "deb"},
    {"frederick", "fred", "freddie", "freddy"},
    {"alfred", "alf", "alfie"},
    {"oliver", "ollie", "olly"},
    {"henry", "harry", "hal"},
    {"archibald", "archie"},
    {"theodore", "theo", "ted"},
    {"isabella", "isabel", "isobel", "izzy", "bella"},
    {"amelia", "millie", "amy"},
    {"olivia", "liv", "livvy"},
    {"eleanor", "ellie", "nell", "nellie"},
    {"gemma", "jemma"},
    {"kayleigh", "kayley", "kaylee", "kaley"},
    {"muhammad", "mohammed", "mohammad", "mohamed", "mohamad"},
    {"zachary", "zach", "zack"},
    {"nathaniel", "nathan", "nat"},
    {"leonard", "leo", "len", "lenny"},
    {"gregory", "greg"},
    {"timothy", "tim", "timmy"},
    {"peter", "pete"},
    {"kenneth", "ken", "kenny"},
    {"ronald", "ron", "ronnie"},
    {"donald", "don", "donnie"},
    {"geoffrey", "jeffrey", "geoff", "jeff"},
    {"abigail", "abbie", "abby"},
    {"natalie", "nat", "tally"},
    {"jacqueline", "jackie", "jacqui"},
    {"josephine", "jo", "josie"},
    {"joanne", "jo", "joanna", "joann"},
    {"caroline", "carol", "carrie"},
    {"daisy", "margaret"},
]


def fold_name(name: str) -> str:
    """Lower-case ASCII letters only: accents folded, apostrophes and hyphens dropped."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_only.lower())


def _respell(folded: str) -> str:
    """Even out spellings metaphone keeps apart (Bryan/Brian, Thompson/Thomson, Mac/Mc)."""
    if folded.startswith("mac"):
        folded = "mc" + folded[3:]
    folded = folded.replace("mps", "ms").replace("ck", "k")
    if len(folded) > 1:
        folded = folded[0] + folded[1:].replace("y", "i")
    return folded


def name_key(name: str) -> str:
    """The phonetic key stored for a name ("" for a name with no letters)."""
    folded = _respell(fold_name(name))
    return jellyfish.metaphone(folded)[:20] if folded else ""


@lru_cache(maxsize=1)
def _nickname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in NICKNAME_GROUPS:
        for name in group:
            index.setdefault(name, set()).update(group)
    return {name: frozenset(names) for name, names in index.items()}


def given_name_variants(name: str) -> frozenset[str]:
    """The name and its nickname family, folded ("jack" → john, jon, jack, johnny, …)."""
    folded = fold_name(name)
    return _nickname_index().get(folded, frozenset()) | {folded}


def given_name_keys(name: str) -> frozenset[str]:
    """Phonetic keys to look up for a given name, nicknames included."""
    return frozenset(k for k in (name_key(v) for v in given_name_variants(name)) if k)


def is_nickname_match(a: str, b: str) -> bool:
    folded_b = fold_name(b)
    return folded_b in given_name_variants(a) and fold_name(a) != folded_b
