"""The park's own synonyms, kept by a park administrator in the admin: a group added there
joins two words in every reading of text (similar requests, suggestions, hot topics)."""

import pytest
from django.urls import reverse

from portal.models import SynonymGroup
from portal.text import similarity, terms

pytestmark = pytest.mark.django_db


def test_a_group_added_in_the_admin_joins_two_words(client, park_admin):
    before = similarity(terms("叉车坏了，仓库装卸停了"), terms("铲车故障，无法装卸"))
    client.force_login(park_admin)
    added = client.post(reverse("admin:portal_synonymgroup_add"),
                        {"words": "叉车 铲车 堆高车", "note": "仓库"})  # fmt: skip
    assert added.status_code == 302
    assert terms("铲车故障") == terms("叉车故障")
    after = similarity(terms("叉车坏了，仓库装卸停了"), terms("铲车故障，无法装卸"))
    assert after.score > before.score and "叉车" in after.shared


def test_a_group_needs_two_words(client, park_admin):
    client.force_login(park_admin)
    response = client.post(reverse("admin:portal_synonymgroup_add"), {"words": "叉车"})
    assert response.status_code == 200 and "请至少填写两个词语" in response.content.decode()
    assert not SynonymGroup.objects.exists()


def test_only_a_park_administrator_keeps_them(client, dispatcher):
    client.force_login(dispatcher)
    assert client.get(reverse("admin:portal_synonymgroup_changelist")).status_code == 403
