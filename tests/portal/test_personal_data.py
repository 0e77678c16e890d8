import pytest
from django.core.exceptions import ValidationError

from portal.personal_data import (
    mask_mobile,
    mask_resident_id,
    normalize_mobile,
    validate_mobile,
    validate_resident_id,
)


def test_mobile_numbers_are_normalised_validated_and_masked():
    assert normalize_mobile("+86 138-1234-5678") == "13812345678"
    validate_mobile("13812345678")
    for bad in ("12812345678", "1381234567", "abc"):
        with pytest.raises(ValidationError):
            validate_mobile(bad)
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("") == ""


def test_resident_id_checksum_and_mask():
    valid = "11010519491231002X"
    validate_resident_id(valid)
    with pytest.raises(ValidationError):
        validate_resident_id("110105194912310021")
    assert mask_resident_id("370684199001011234") == "370684********1234"


@pytest.mark.parametrize("born", ["19520317", "19850101", "19901231", "20050620"])
def test_penglai_people_of_every_age_are_accepted(born):
    """Penglai's area code 370684 dates from 1991; people born before carry it all the same."""
    from stdnum.cn import ric

    body = f"370684{born}123"
    validate_resident_id(body + ric.calc_check_digit(body + "0"))


@pytest.mark.parametrize(
    "number",
    ["370684198502301234", "370684209901011230", "37068419850101123", "3706841985010112XX"],
)
def test_resident_ids_with_no_such_date_or_the_wrong_shape_are_refused(number):
    from stdnum.cn import ric

    if len(number) == 18 and number[:-1].isdigit():  # a right check character, a wrong date
        number = number[:-1] + ric.calc_check_digit(number)
    with pytest.raises(ValidationError):
        validate_resident_id(number)
