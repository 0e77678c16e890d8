"""Suggested dispatch: learned from the park's own dispatch history (and the units' remits),
shown to the dispatcher with its confidence and the past requests behind it, never
dispatched by itself; whether it was taken is recorded and shown on the dashboard. Measured
on the demo history's held-out texts (services/loop/demo_texts.py)."""

import re

import pytest
from django.urls import reverse

from services.loop import services, steps
from services.loop.models import Category, DispatchSuggestion, HandlingUnit, Request
from services.loop.suggestions import refit, suggest

from ..databases import manage

pytestmark = pytest.mark.django_db

LAND = [("厂房扩建用地手续", "扩建需要新增用地，供地手续怎么办"),
        ("不动产权证办理", "厂房建成后不动产权证书一直没有办下来"),
        ("规划许可进度", "研发楼的建设工程规划许可证申请进度")]  # fmt: skip
PEOPLE = [("焊工招聘", "急需持证焊工二十名，招聘困难"),
          ("社保基数核定", "员工社保缴费基数核定有误"),
          ("技能培训补贴", "员工参加技能培训后补贴怎么领取")]  # fmt: skip


@pytest.fixture
def history(user_a, user_b, dispatcher, handler, handler_y, category):
    land = HandlingUnit.objects.create(name="规划所", kind="department", remit="用地 规划 不动产")
    land.handlers.add(handler)
    people = HandlingUnit.objects.create(name="人社办", kind="department", remit="招聘 社保 培训")
    people.handlers.add(handler_y)
    for unit, texts in ((land, LAND), (people, PEOPLE)):
        for title, text in texts:
            item = services.submit_request(
                actor=user_a, category_id=category.pk, title=title, description=text
            )
            steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit)
    refit()
    return land, people


def test_the_dispatcher_sees_the_suggested_unit_and_the_requests_behind_it(
    client, dispatcher, user_b, category, history
):
    land, _people = history
    item = services.submit_request(
        actor=user_b, category_id=category.pk, title="新厂房的不动产权证",
        description="厂房竣工一年，不动产权证还没有拿到",
    )  # fmt: skip
    client.force_login(dispatcher)
    html = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    card = html[html.index('data-testid="suggestion"') :]
    card = card[: card.index("</div></div>")]
    assert re.search(r'data-testid="suggested-unit">规划所<', card)
    # The past request that backs it, its shared words marked.
    assert "不动产权证" in card and "<mark>" in card
    # Not dispatched by itself; what was shown is kept, to learn whether it is taken.
    assert Request.objects.get(pk=item.pk).state == "submitted"
    shown = DispatchSuggestion.objects.get(request=item)
    assert shown.lead_unit == land and shown.taken is None


def test_whether_the_suggestion_was_taken_is_recorded(
    client, dispatcher, user_b, category, history
):
    land, _people = history
    made = []
    for title, text, unit in (("不动产权证", "产权证书迟迟未办", land),
                              ("招工难", "焊工招聘困难，急需持证焊工", land)):  # fmt: skip
        item = services.submit_request(
            actor=user_b, category_id=category.pk, title=title, description=text
        )
        client.force_login(dispatcher)
        client.get(reverse("services:request_detail", args=[item.pk]))
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit)
        made.append(item)
    taken = dict(DispatchSuggestion.objects.values_list("request_id", "taken"))
    assert taken == {made[0].pk: True, made[1].pk: False}
    # The dashboard shows the month's share with its counts.
    from services.loop.charts import suggestions_taken

    data = suggestions_taken()
    assert data.labels[-1].endswith("(1/2)") and data.series[0].values[-1] == 50


def test_an_enterprise_never_sees_a_suggestion(client, user_b, category, history):
    item = services.submit_request(
        actor=user_b, category_id=category.pk, title="不动产权证", description="产权证书"
    )
    client.force_login(user_b)
    html = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert 'data-testid="suggestion"' not in html
    assert not DispatchSuggestion.objects.exists()


def test_the_catch_all_category_gets_a_suggested_category(user_b, category, history):
    other = Category.objects.create(name="其他", is_catch_all=True)
    item = services.submit_request(
        actor=user_b, category_id=other.pk, title="用地手续", description="扩建用地供地手续"
    )
    found = suggest(item)
    assert found.category == category and found.lead_unit.name == "规划所"


def test_a_new_unit_is_suggested_from_its_remit_alone(user_b, category, history):
    HandlingUnit.objects.create(name="港航服务站", kind="department", remit="港口 码头 泊位 船期")
    refit()
    item = services.submit_request(
        actor=user_b, category_id=category.pk, title="码头泊位紧张", description="船期耽误"
    )
    assert suggest(item).lead_unit.name == "港航服务站"


def test_on_the_demo_history_held_out_texts(seeded_database):
    """The demo history's held-out texts (never learned from when measured): the suggested
    lead unit is the one that handled the request, first (at least 70 %) or among the first
    three (at least 90 %). On the seeded park: 0.75 and 0.97 of 32 (docs/text.md)."""
    url, _connect = seeded_database
    out = manage(url, "measure_suggestions", "--demo-held-out").stdout
    found = re.search(r"held out (\d+): top-1 ([\d.]+), top-3 ([\d.]+)", out)
    held, top1, top3 = int(found[1]), float(found[2]), float(found[3])
    assert held >= 30
    assert top1 >= 0.7 and top3 >= 0.9, out
