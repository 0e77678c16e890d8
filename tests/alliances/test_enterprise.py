import pytest
from django.core.exceptions import ValidationError

from alliances.models import Enterprise
from alliances.selectors import enterprises_visible_to

from ..factories import credit_code

pytestmark = pytest.mark.django_db


def test_credit_code_checksum_is_validated():
    good = Enterprise(name="好企业", credit_code=credit_code(7))
    good.full_clean()
    bad_check = credit_code(7)[:-1] + ("0" if credit_code(7)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        Enterprise(name="坏企业", credit_code=bad_check).full_clean()
    assert "校验" in str(excinfo.value.message_dict["credit_code"])


def test_credit_code_is_unique_with_a_clear_message(firm_a):
    with pytest.raises(ValidationError) as excinfo:
        Enterprise(name="重复", credit_code=firm_a.credit_code).full_clean()
    assert "已登记" in str(excinfo.value.message_dict["credit_code"])


def test_enterprise_user_sees_only_their_enterprise(user_a, firm_b, dispatcher):
    assert list(enterprises_visible_to(user_a)) == [user_a.enterprise_membership.enterprise]
    assert firm_b in enterprises_visible_to(dispatcher)
