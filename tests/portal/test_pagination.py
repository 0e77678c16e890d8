import base64
import json

import pytest

from alliances.models import Enterprise
from portal.pagination import BadPageToken, keyset_page, page_or_first

from ..factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _token(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


# Tokens the portal never writes: a NUL in the name, ids beyond a bigint or not whole numbers,
# a time that cannot be placed, cut or garbled text.
BAD_TOKENS = [
    _token(json.dumps(["a\u0000b", 1])), _token('["甲", 1e400]'), _token('["甲", 1.5]'),
    _token(json.dumps(["甲", 2**64])), _token('["甲", true]'), _token('["甲"]'),
    "not-a-token", "é", _token("[null, 1]"),
]  # fmt: skip
BAD_TIME_TOKENS = [
    _token(json.dumps(["9999-12-31T23:00:00-05:00", 1])), _token(json.dumps(["2026-01-01", 1])),
    _token(json.dumps(["a\u0000b", 1])), _token('["2026-01-01T08:00:00+08:00", 1e400]'),
]  # fmt: skip


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_a_token_the_portal_did_not_write_is_refused(token):
    EnterpriseFactory(name="甲")
    with pytest.raises(BadPageToken):
        keyset_page(Enterprise.objects.all(), order="name", after=token, size=2)


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_a_bad_token_on_the_registry_is_a_400_with_the_first_page(client, park_admin, token):
    EnterpriseFactory(name="甲")
    client.force_login(park_admin)
    response = client.get("/staff/enterprises/", {"after": token})
    assert response.status_code == 400
    assert "甲" in response.content.decode()
    assert "链接无效" in response.content.decode() or "not valid" in response.content.decode()


@pytest.mark.parametrize("token", BAD_TIME_TOKENS)
def test_a_bad_token_on_the_request_lists_is_a_400(client, dispatcher, user_a, token):
    client.force_login(dispatcher)
    assert client.get("/staff/requests/", {"after": token}).status_code == 400
    client.force_login(user_a)
    assert client.get("/requests/", {"after": token}).status_code == 400


def test_a_bad_filter_on_the_registry_is_a_400_naming_the_field(client, park_admin):
    client.force_login(park_admin)
    response = client.get("/staff/enterprises/", {"q": "a\x00b", "chain": "²"})
    assert response.status_code == 400
    assert response.content.decode().count('data-testid="filter-error"') == 2


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
    first, _, error = page_or_first(
        Enterprise.objects.all(), order="name", after="not-a-token", size=2
    )
    assert [e.pk for e in first] == seen[:2]
    assert error
