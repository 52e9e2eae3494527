import pytest
from django.core.exceptions import ValidationError

from pathway.validators import (
    nhs_number_is_valid,
    normalise_postcode,
    postcode_is_valid,
    postcode_prefixes,
    upn_is_valid,
    validate_nhs_number,
)


@pytest.mark.parametrize(
    "number",
    [
        "9434765919",  # NHS Digital's published test number
        "943 476 5919",
        "943-476-5919",
        "4010232137",
        "9990000018",
        "9990000026",
    ],
)
def test_valid_nhs_numbers(number):
    assert nhs_number_is_valid(number)
    validate_nhs_number(number)


@pytest.mark.parametrize(
    "number, message",
    [
        ("9434765918", "check digit"),  # last digit wrong
        ("9434765910", "check digit"),
        ("943476591", "10 digits"),  # too short
        ("94347659199", "10 digits"),  # too long
        ("94347A5919", "10 digits"),
        ("", "10 digits"),
        ("1000000010", "check digit"),  # stem 100000001 would need check digit 10: never valid
    ],
)
def test_invalid_nhs_numbers(number, message):
    assert not nhs_number_is_valid(number)
    with pytest.raises(ValidationError, match=message):
        validate_nhs_number(number)


@pytest.mark.parametrize(
    "raw, normalised",
    [
        ("SK1 3XE", "SK1 3XE"),
        ("sk13xe", "SK1 3XE"),
        ("  sk1   3xe ", "SK1 3XE"),
        ("ec1a1bb", "EC1A 1BB"),
        ("M11AE", "M1 1AE"),
    ],
)
def test_postcodes_are_normalised(raw, normalised):
    assert normalise_postcode(raw) == normalised
    assert postcode_is_valid(raw)


@pytest.mark.parametrize(
    "postcode", ["W1A 0AX", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA", "SK12 1AB"]
)
def test_real_postcode_shapes_are_valid(postcode):
    assert postcode_is_valid(postcode)


@pytest.mark.parametrize(
    "postcode",
    ["SK1", "12345", "SK1 3XEE", "QK1 3XE", "SK1 3CE", "SK1 XXE", "", "Stockport"],
)
def test_invalid_postcodes(postcode):
    assert not postcode_is_valid(postcode)


def test_postcode_prefixes_go_from_sector_to_area():
    assert postcode_prefixes("sk4 2ab") == ["SK4 2", "SK4", "SK"]
    assert postcode_prefixes("nonsense") == []


def test_unique_pupil_numbers():
    assert upn_is_valid("H801200001001")  # the DfE's worked example
    assert not upn_is_valid("A801200001001")  # wrong check letter
    assert not upn_is_valid("H80120000100")  # too short
