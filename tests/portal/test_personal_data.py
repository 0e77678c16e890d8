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
