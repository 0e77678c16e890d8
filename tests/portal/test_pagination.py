import pytest

from alliances.models import Enterprise
from portal.pagination import keyset_page

from ..factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_pages_follow_each_other_and_a_bad_token_starts_over():
    for name in ["丙", "甲", "乙", "甲"]:  # a duplicate name: the id breaks the tie
        EnterpriseFactory(name=name)
    seen, token = [], None
    while True:
        rows, token = keyset_page(Enterprise.objects.all(), order="name", after=token, size=2)
        seen += [e.pk for e in rows]
        if token is None:
            break
    assert seen == list(Enterprise.objects.order_by("name", "id").values_list("pk", flat=True))
    first, _ = keyset_page(Enterprise.objects.all(), order="name", after="not-a-token", size=2)
    assert [e.pk for e in first] == seen[:2]
