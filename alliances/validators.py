"""Validation of the unified social credit code (统一社会信用代码)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError


def normalize_credit_code(value: str) -> str:
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    try:
        uscc.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong; please check it."),
            code="invalid_checksum",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters."),
            code="invalid_credit_code",
        ) from None
