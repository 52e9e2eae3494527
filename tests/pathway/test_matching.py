import pytest

from pathway.matching import given_name_keys, given_name_variants, is_nickname_match, name_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Jon", "John"),
        ("Smyth", "Smith"),
        ("Bryan", "Brian"),
        ("Thompson", "Thomson"),
        ("MacDonald", "McDonald"),
        ("Catherine", "Katherine"),
        ("Stephen", "Steven"),
        ("Phillips", "Philips"),
        ("O'Brien", "OBrien"),
        ("Zoë", "Zoe"),
        ("smith", "SMITH"),
    ],
)
def test_names_that_sound_alike_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b", [("Smith", "Jones"), ("Ava", "Eve"), ("Holt", "Hall"), ("Mia", "Leo")]
)
def test_different_names_do_not_share_a_key(a, b):
    assert name_key(a) != name_key(b)


def test_a_name_with_no_letters_has_no_key():
    assert name_key("1234") == ""
    assert name_key("") == ""


@pytest.mark.parametrize(
    "nickname, formal",
    [("Bill", "William"), ("Jack", "John"), ("Liz", "Elizabeth"), ("Bob", "Robert")],
)
def test_nicknames_find_formal_names_and_back(nickname, formal):
    assert name_key(formal) in given_name_keys(nickname)
    assert name_key(nickname) in given_name_keys(formal)
    assert is_nickname_match(nickname, formal)


def test_a_name_outside_every_nickname_group_is_just_itself():
    assert given_name_variants("Zebedee") == frozenset({"zebedee"})
    assert not is_nickname_match("Zebedee", "Zebedee")
