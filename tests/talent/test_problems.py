"""Joint technical problems: an enterprise posts one and the talent officers are told; an
officer matches it to a university or a team (the enterprise is told), records progress and
the solution; the enterprise may withdraw it until solved; counts by chain and state."""

import pytest
from django.urls import reverse

from alliances.models import Chain
from portal.models import Notification
from talent import selectors, services, steps
from talent.models import Problem, University

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def university(db):
    return University.objects.create(name="中国海洋大学", kind="university", city="青岛")


def _post(client, title="大型单桩焊接变形控制"):
    return client.post(reverse("talent:problems"), {
        "title": title, "field": "焊接工艺", "description": "单桩焊后变形超差，返修率高。",
    })  # fmt: skip


def test_a_problem_goes_from_posted_to_solved_with_the_enterprise_told(
    client, firm_a, user_a, officer, university
):
    client.force_login(user_a)
    response = _post(client)
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == f"/innovation/problems/{problem.pk}/"
    assert (problem.enterprise, problem.state, problem.posted_by) == (firm_a, "posted", user_a)
    assert Notification.objects.filter(recipient=officer, kind="problem_posted").exists()
    # The enterprise cannot match its own problem; the officer can.
    step = reverse("talent:problem_step", args=[problem.pk, "match"])
    refused = client.post(step, {"university": university.pk, "note": "x"}, follow=True)
    assert "只有园区工作人员可以对接难题" in refused.content.decode()
    problem.refresh_from_db()
    assert problem.state == "posted" and problem.university is None
    client.force_login(officer)
    missing = client.post(step, {"note": "对接海大焊接团队"})
    assert missing.status_code == 400 and "请选择高校院所或服务队" in missing.content.decode()
    client.post(step, {"university": university.pk, "note": "对接海大焊接团队"})
    client.post(reverse("talent:problem_step", args=[problem.pk, "progress"]),
                {"note": "完成焊接工艺试验"})  # fmt: skip
    client.post(reverse("talent:problem_step", args=[problem.pk, "solve"]),
                {"solution": "采用分段对称焊，变形合格。"})  # fmt: skip
    problem.refresh_from_db()
    assert (problem.state, problem.university, problem.solved_on is not None) == (
        "solved", university, True,
    )  # fmt: skip
    kinds = set(Notification.objects.filter(recipient=user_a).values_list("kind", flat=True))
    assert {"problem_matched", "problem_solved"} <= kinds
    client.force_login(user_a)
    page = client.get(reverse("talent:problem_detail", args=[problem.pk])).content.decode()
    assert "中国海洋大学" in page and "采用分段对称焊" in page and "完成焊接工艺试验" in page
    # Solved: it can no longer be withdrawn.
    client.post(
        reverse("talent:problem_step", args=[problem.pk, "withdraw"]), {"reason": "不需要了"}
    )
    problem.refresh_from_db()
    assert problem.state == "solved"


def test_an_enterprise_sees_and_withdraws_only_its_own(client, firm_a, user_a, user_b):
    client.force_login(user_a)
    _post(client)
    problem = Problem.objects.get()
    client.force_login(user_b)
    assert client.get(reverse("talent:problem_detail", args=[problem.pk])).status_code == 404
    assert "大型单桩" not in client.get(reverse("talent:problems")).content.decode()
    withdraw = reverse("talent:problem_step", args=[problem.pk, "withdraw"])
    assert client.post(withdraw, {"reason": "x"}).status_code == 404
    client.force_login(user_a)
    client.post(withdraw, {"reason": "已自行解决"})
    problem.refresh_from_db()
    assert problem.state == "withdrawn"
    nobody = UserFactory(username="nobody")
    client.force_login(nobody)
    assert client.get(reverse("talent:problems")).status_code == 404


def test_counts_by_chain_and_state(firm_a, firm_b, user_a, user_b, officer, university):
    wind = Chain.objects.create(code="offshore", name="海工装备", order=0)
    pharma = Chain.objects.create(code="pharma", name="生物医药", order=1)
    firm_a.chains.add(wind, pharma)  # on two chains: counted on both
    firm_b.chains.add(pharma)

    def post(user, firm, title):
        return services.post_problem(actor=user, enterprise=firm, title=title, field="f",
                                     description="d")  # fmt: skip

    a1, _a2, b1 = post(user_a, firm_a, "a1"), post(user_a, firm_a, "a2"), post(user_b, firm_b, "b1")
    steps.match(actor=officer, problem_id=a1.pk, university=university, note="n")
    steps.match(actor=officer, problem_id=b1.pk, university=university, note="n")
    steps.solve(actor=officer, problem_id=b1.pk, solution="s")
    counts = selectors.problems_by_chain()
    states = [value for value, _label in counts["states"]]
    rows = {row["chain"]: dict(zip(states, row["counts"], strict=True)) for row in counts["rows"]}
    assert rows["海工装备"]["posted"] == 1 and rows["海工装备"]["matched"] == 1
    assert rows["生物医药"]["posted"] == 1 and rows["生物医药"]["solved"] == 1
    assert rows["生物医药"]["matched"] == 1
    totals = dict(zip(states, counts["totals"], strict=True))
    assert (totals["posted"], totals["matched"], totals["solved"], counts["all"]) == (1, 1, 1, 3)
