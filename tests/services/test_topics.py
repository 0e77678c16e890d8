"""The month's hot topics on the dashboard: a topic the open requests of several enterprises
share, however each enterprise words it, with its counts and a link to those requests; and
the words rising this month."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal.roles import Role
from services.loop import services
from services.loop.charts import hot_topics, rising_topics

from ..factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LAMPS = ["大门口路灯坏了", "正门外照明灯不亮", "厂区门口街灯不亮，晚上漆黑", "主入口的灯具损坏",
         "门前路灯熄灭多日"]  # fmt: skip


@pytest.fixture
def five_firms_report_lamps(category):
    made = []
    for i, title in enumerate(LAMPS):
        firm = EnterpriseFactory(name=f"灯测企业{i}有限公司")
        person = UserFactory(roles=[Role.ENTERPRISE_USER])
        MembershipFactory(user=person, enterprise=firm, is_admin=True)
        made.append(services.submit_request(
            actor=person, category_id=category.pk, title=title, description="请尽快修复"
        ))  # fmt: skip
    # Another enterprise's two requests about something else.
    other = services.submit_request(
        actor=person, category_id=category.pk, title="申请技改补贴", description="设备更新"
    )
    cache.clear()
    return made, other


def test_a_topic_several_enterprises_share_is_shown_with_its_counts_and_requests(
    client, dispatcher, five_firms_report_lamps
):
    lamps, other = five_firms_report_lamps
    data = hot_topics()
    label = next(label for label in data.labels if label.startswith("路灯"))
    assert label == "路灯 · 5 家企业 · 5 件"
    link = data.links[data.labels.index(label)]
    client.force_login(dispatcher)
    listed = client.get(link).content.decode()
    assert all(item.number in listed for item in lamps)
    assert other.number not in listed
    # The dashboard shows it.
    page = client.get(reverse("dashboard")).content.decode()
    assert "路灯 · 5 家企业 · 5 件" in page


def test_the_words_rising_this_month(five_firms_report_lamps):
    data = rising_topics()
    assert any(label.startswith("路灯") for label in data.labels)
    index = next(i for i, label in enumerate(data.labels) if label.startswith("路灯"))
    assert data.series[0].values[index] == 5 and data.series[1].values[index] == 0
    assert data.labels[index] == "路灯（新）"


def test_a_topic_of_one_enterprise_only_is_no_hot_topic(submit):
    for _ in range(3):
        submit(title="路灯不亮", description="门口路灯坏了")
    cache.clear()
    assert not any(label.startswith("路灯") for label in hot_topics().labels)


def test_the_month_before_counts_as_earlier(submit):
    with_time = timezone.now() - datetime.timedelta(days=40)
    import time_machine

    with time_machine.travel(with_time, tick=False):
        submit(title="路灯不亮", description="门口路灯坏了")
    cache.clear()
    for _ in range(3):
        submit(title="路灯不亮", description="门口路灯坏了")
    data = rising_topics()
    index = next(i for i, label in enumerate(data.labels) if label.startswith("路灯"))
    assert data.series[1].values[index] == 1
