"""The service teams' work as people would meet it: a cadre's visit turns its problems into
requests of the loop; liaisons on the enterprise's pages; help with paperwork between an
enterprise and its team; policies matched to profiles and sent once; figures counted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.loop.models import Request
from services.teams import selectors, services, steps
from services.teams.choices import CaseState
from services.teams.models import Liaison, PaperworkCase, Policy, PolicyPush, Visit

pytestmark = pytest.mark.django_db


def _visit_post(enterprise, land, *, problems, day=None):
    data = {
        "enterprise": enterprise.pk, "visited_on": (day or timezone.localdate()).isoformat(),
        "people_met": "王总（总经理）", "topics": "订单与用工",
        "problem-TOTAL_FORMS": "3", "problem-INITIAL_FORMS": "0",
        "problem-MIN_NUM_FORMS": "0", "problem-MAX_NUM_FORMS": "10",
    }  # fmt: skip
    for i, (title, description) in enumerate(problems):
        data |= {f"problem-{i}-category": land.pk, f"problem-{i}-title": title,
                 f"problem-{i}-description": description}  # fmt: skip
    return data


def test_a_visit_turns_each_problem_into_a_request_of_the_loop(
    client, cadre_a, chain_firm, user_a, land, dispatcher, django_capture_on_commit_callbacks
):
    client.force_login(cadre_a.user)
    data = _visit_post(chain_firm, land, problems=[
        ("塔筒堆场不足", "订单增加，成品塔筒无处堆放。"), ("厂区道路破损", "东门外道路塌陷。"),
    ])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:visit_new"), data)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == f"/teams/visits/{visit.pk}/"
    assert (visit.cadre, visit.team, visit.enterprise) == (cadre_a, cadre_a.team, chain_firm)
    requests = Request.objects.filter(visit_problem__visit=visit).order_by("title")
    assert [r.title for r in requests] == ["厂区道路破损", "塔筒堆场不足"]
    for item in requests:
        assert item.channel == "team_visit" and item.enterprise == chain_firm
        assert item.state == "submitted" and item.submitter == cadre_a.user
        assert list(item.events.values_list("step", flat=True)) == ["submit"]
    # Linked both ways: the visit lists its requests, each request names its visit.
    page = client.get(f"/teams/visits/{visit.pk}/").content.decode()
    assert all(r.number in page for r in requests)
    client.force_login(dispatcher)
    shown = client.get(reverse("services:request_detail", args=[requests[0].pk])).content.decode()
    assert f'href="/teams/visits/{visit.pk}/"' in shown
    # The enterprise finds them in its own list and was told.
    client.force_login(user_a)
    mine = client.get(reverse("services:my_requests")).content.decode()
    assert "塔筒堆场不足" in mine
    assert Notification.objects.filter(recipient=user_a, kind="request_entered").count() == 2
    assert Notification.objects.filter(recipient=dispatcher, kind__startswith="request").exists()


def test_a_half_filled_problem_or_a_future_date_is_refused_and_nothing_is_kept(
    client, cadre_a, chain_firm, land
):
    client.force_login(cadre_a.user)
    half = _visit_post(chain_firm, land, problems=[("塔筒堆场不足", "")])
    response = client.post(reverse("teams:visit_new"), half)
    assert response.status_code == 400
    assert "塔筒堆场不足" in response.content.decode()  # what was typed comes back
    future = _visit_post(chain_firm, land, problems=[],
                         day=timezone.localdate() + datetime.timedelta(days=1))  # fmt: skip
    assert client.post(reverse("teams:visit_new"), future).status_code == 400
    assert not Visit.objects.exists() and not Request.objects.exists()


def test_only_cadres_log_visits(client, user_a, dispatcher, chain_firm, land):
    for person in (user_a, dispatcher):
        client.force_login(person)
        assert client.get(reverse("teams:visit_new")).status_code == 404
    with pytest.raises(StepRefused):
        services.log_visit(actor=dispatcher, enterprise=chain_firm,
                           visited_on=timezone.localdate(), people_met="x", topics="y")  # fmt: skip


def test_the_liaison_shows_on_the_enterprise_pages_and_staff_assign_in_bulk(
    client, park_admin, cadre_b, chain_firm, pharma_firm, user_a
):
    client.force_login(user_a)
    assert (
        "尚未指定包联干部" in client.get("/enterprise/").content.decode()
        or "No liaison cadre" in client.get("/enterprise/").content.decode()
    )
    client.force_login(park_admin)
    listing = client.get(reverse("teams:liaisons")).content.decode()
    assert chain_firm.name in listing and pharma_firm.name in listing
    response = client.post(
        reverse("teams:liaisons"),
        {"cadre": cadre_b.pk, "enterprises": [chain_firm.pk, pharma_firm.pk]},
    )
    assert response.status_code == 302
    assert set(Liaison.objects.values_list("enterprise_id", "cadre_id")) == {
        (chain_firm.pk, cadre_b.pk),
        (pharma_firm.pk, cadre_b.pk),
    }
    assert chain_firm.name not in client.get(reverse("teams:liaisons")).content.decode()
    assert client.post(reverse("teams:liaisons"), {"cadre": cadre_b.pk}).status_code == 400
    client.force_login(user_a)
    own = client.get("/enterprise/").content.decode()
    assert cadre_b.user.get_full_name() in own and "0535-5661002" in own
    staff = client.get(f"/staff/enterprises/{chain_firm.pk}/")
    assert staff.status_code in (403, 404)  # the staff page is for staff
    client.force_login(park_admin)
    assert "0535-5661002" in client.get(f"/staff/enterprises/{chain_firm.pk}/").content.decode()


def test_paperwork_between_an_enterprise_and_its_team(
    client, firm_user, user_b, pharma_firm, cadre_a, cadre_b, cadre_p,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    Liaison.objects.create(enterprise=firm_user.enterprise_membership.enterprise, cadre=cadre_b)
    client.force_login(firm_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:cases"), {
            "kind": "permit", "procedure": "建设工程规划许可证", "details": "新厂房",
        })  # fmt: skip
    case = PaperworkCase.objects.get()
    assert response.status_code == 302
    assert (case.team, case.state, case.cadre) == (cadre_b.team, CaseState.ASKED, None)
    assert Notification.objects.filter(recipient=cadre_b.user, kind="paperwork_asked").exists()

    # A cadre of another team neither sees nor takes it; one of the team does.
    with pytest.raises(StepRefused):
        steps.take(actor=cadre_p.user, case_id=case.pk)
    client.force_login(cadre_p.user)
    assert client.get(f"/paperwork/{case.pk}/").status_code == 404
    steps.take(actor=cadre_b.user, case_id=case.pk)
    with pytest.raises(StepRefused):  # only the cadre holding it (or the leader) finishes
        steps.finish(actor=cadre_p.user, case_id=case.pk, done="done", result="x")
    client.force_login(cadre_b.user)
    bad = client.post(f"/paperwork/{case.pk}/finish/", {"done": "done", "result": ""})
    assert bad.status_code == 400
    ok = client.post(
        f"/paperwork/{case.pk}/finish/",
        {"done": "done", "result": "许可证已核发，编号 370684202600123"},
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.DONE and case.finished_on == timezone.localdate()
    client.force_login(firm_user)
    assert "370684202600123" in client.get(f"/paperwork/{case.pk}/").content.decode()
    client.force_login(user_b)
    assert client.get(f"/paperwork/{case.pk}/").status_code == 404
    assert 'data-testid="case-row"' not in client.get("/paperwork/").content.decode()


def test_an_enterprise_off_the_chains_is_told_to_ask_the_window(client, user_b, firm_b):
    client.force_login(user_b)
    response = client.post(reverse("teams:cases"), {"kind": "permit", "procedure": "施工许可"})
    assert response.status_code == 400 and not PaperworkCase.objects.exists()


def _policy(title, **conditions):
    chains = conditions.pop("chains", [])
    policy = Policy.objects.create(
        title=title, issuer="园区管委会", benefits="奖励",
        valid_from=timezone.localdate() - datetime.timedelta(days=30), **conditions,
    )  # fmt: skip
    policy.chains.set(chains)
    return policy


def test_policies_match_the_enterprise_profile(offshore, pharma, chain_firm, pharma_firm):
    chain_firm.scale, chain_firm.labels, chain_firm.growth_stage = "above", ["gazelle"], "to_share"
    chain_firm.save()
    pharma_firm.scale, pharma_firm.labels = "below", []
    pharma_firm.save()
    everyone = _policy("稳岗补贴")
    offshore_only = _policy("首台套奖励", chains=[offshore.chain])
    above = _policy("技改补助", scales=["above"])
    growth = _policy("瞪羚奖励", labels=["gazelle", "unicorn"])
    stage = _policy("小升规奖励", growth_stages=["to_scale"])
    ended = _policy("过期政策")
    ended.valid_from = timezone.localdate() - datetime.timedelta(days=400)
    ended.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    ended.save()
    assert set(selectors.policies_for(chain_firm)) == {everyone, offshore_only, above, growth}
    assert set(selectors.policies_for(pharma_firm)) == {everyone}
    assert set(selectors.eligible_enterprises(growth)) == {chain_firm}
    assert set(selectors.eligible_enterprises(stage)) == set()


def test_a_policy_is_sent_once_per_enterprise(
    client, park_admin, offshore, chain_firm, firm_user, user_b, pharma_firm,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    policy = _policy("首台套奖励", chains=[offshore.chain])
    client.force_login(park_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/policies/{policy.pk}/push/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/policies/{policy.pk}/push/")
    assert list(PolicyPush.objects.values_list("enterprise_id", flat=True)) == [chain_firm.pk]
    assert Notification.objects.filter(recipient=firm_user, kind="policy_pushed").count() == 1
    assert not Notification.objects.filter(recipient=user_b, kind="policy_pushed").exists()
    client.force_login(firm_user)
    assert client.post(f"/policies/{policy.pk}/push/").status_code == 404
    page = client.get("/policies/").content.decode()
    assert 'data-testid="policies-for-you"' in page and "首台套奖励" in page


def test_coverage_and_paperwork_are_counted(offshore, pharma, cadre_a, cadre_b, cadre_p, land):
    from alliances.models import Enterprise

    from ..factories import EnterpriseFactory

    firms = [EnterpriseFactory() for _ in range(4)]
    for firm in firms:
        firm.chains.add(offshore.chain)
    for firm, cadre in zip(firms, [cadre_a, cadre_a, cadre_b, cadre_b], strict=True):
        Liaison.objects.create(enterprise=firm, cadre=cadre)
    year = timezone.localdate().year - 1
    day = datetime.date(year, 2, 10)
    # Q1: two of the four firms visited, one of them twice; a firm nobody looks after too.
    stray = EnterpriseFactory()
    for firm in (firms[0], firms[0], firms[2], stray):
        Visit.objects.create(team=offshore, cadre=cadre_a, enterprise=firm, visited_on=day,
                             people_met="x", topics="y")  # fmt: skip
    Visit.objects.create(
        team=offshore,
        cadre=cadre_b,
        enterprise=firms[3],
        visited_on=datetime.date(year, 8, 1),
        people_met="x",
        topics="y",
    )
    rows = {row["team"].pk: row for row in selectors.team_rows(year)}
    q = rows[offshore.pk]["quarters"]
    assert rows[offshore.pk]["firms"] == 4 and rows[offshore.pk]["team"].cadre_count == 2
    assert (q[0]["visits"], q[0]["visited"], q[0]["share"]) == (4, 2, 50.0)
    assert (q[1]["visits"], q[1]["visited"], q[1]["share"]) == (0, 0, 0.0)
    assert (q[2]["visits"], q[2]["visited"], q[2]["share"]) == (1, 1, 25.0)
    assert rows[pharma.pk]["firms"] == 0 and rows[pharma.pk]["quarters"][0]["share"] is None
    assert selectors.coverage(offshore, year, 1) == {"assigned": 4, "visited": 2, "share": 50.0}

    for month, state in [(1, "done"), (1, "done"), (1, "in_progress"), (3, "done")]:
        PaperworkCase.objects.create(
            enterprise=firms[0], team=offshore, cadre=cadre_a, kind="permit",
            procedure="施工许可", state=state, opened_on=datetime.date(year, month, 5),
        )  # fmt: skip
    PaperworkCase.objects.create(
        enterprise=firms[1],
        team=pharma,
        kind="other",
        procedure="x",
        opened_on=datetime.date(year, 3, 9),
    )
    table = selectors.paperwork_by_month(year)
    by_team = {name: (cells, opened, done) for name, cells, opened, done in table["rows"]}
    cells, opened, done = by_team[offshore.unit.name]
    assert (cells[0], cells[1], cells[2], opened, done) == ((3, 2), (0, 0), (1, 1), 4, 3)
    assert by_team[pharma.unit.name][1:] == (1, 0)
    assert Enterprise.objects.count() == 5


def test_a_policy_document_downloads_for_everyone(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    from ..samples import PDF

    settings.MEDIA_ROOT = tmp_path
    policy = _policy("首台套奖励")
    policy.document.save("首台套奖励办法.pdf", ContentFile(PDF))
    response = client.get(f"/policies/{policy.pk}/document/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert (
        "首台套奖励办法.pdf" in client.get(f"/policies/{policy.pk}/").content.decode()
        or f"/policies/{policy.pk}/document/"
        in client.get(f"/policies/{policy.pk}/").content.decode()
    )
    assert client.get(f"/policies/{_policy('无附件').pk}/document/").status_code == 404


def test_a_double_submitted_visit_is_logged_once(client, cadre_a, chain_firm, land):
    client.force_login(cadre_a.user)
    data = _visit_post(chain_firm, land, problems=[("塔筒堆场不足", "无处堆放。")])
    data["idempotency_key"] = "form-1"
    first = client.post(reverse("teams:visit_new"), data)
    again = client.post(reverse("teams:visit_new"), data)
    assert first.url == again.url
    assert Visit.objects.count() == 1 and Request.objects.count() == 1
