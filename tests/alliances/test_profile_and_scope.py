import pytest
from django.urls import reverse

from alliances import services
from alliances.models import EnterpriseChange
from portal.errors import StepRefused

from ..factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _profile(enterprise, **changes):
    data = {
        "legal_representative": enterprise.legal_representative,
        "contact_person": enterprise.contact_person,
        "contact_mobile": enterprise.contact_mobile,
        "address": enterprise.address,
        "founded_on": "",
        "employees": enterprise.employees or "",
        "annual_output": enterprise.annual_output or "",
        "annual_tax": enterprise.annual_tax or "",
        "scale": enterprise.scale,
        "labels": enterprise.labels,
    }
    data.update(changes)
    return data


def test_enterprise_user_edits_their_profile_and_statistics_wait_for_approval(
    client, user_a, park_admin
):
    enterprise = user_a.enterprise_membership.enterprise
    client.force_login(user_a)
    response = client.post(
        reverse("alliances:enterprise_edit"),
        _profile(enterprise, address="蓬莱经济开发区海港路1号", scale="above", employees=320),
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.address == "蓬莱经济开发区海港路1号"  # applied at once
    assert enterprise.scale == ""  # waits
    assert enterprise.employees is None
    pending = EnterpriseChange.objects.filter(enterprise=enterprise, status="pending")
    assert {c.field for c in pending} == {"scale", "employees"}
    applied = EnterpriseChange.objects.get(enterprise=enterprise, field="address")
    assert applied.actor == user_a and applied.status == "applied"

    page = client.get(reverse("alliances:my_enterprise")).content.decode()
    assert "等待服务中心审核" in page

    client.force_login(park_admin)
    queue = client.get(reverse("alliances:staff_changes"))
    assert queue.status_code == 200 and enterprise.name in queue.content.decode()
    scale, employees = pending.get(field="scale"), pending.get(field="employees")
    review = reverse("alliances:staff_change_review", args=[scale.pk])
    odd = client.post(review, {"decision": "approve "}, follow=True)  # neither word: nothing
    assert "请选择批准或驳回" in odd.content.decode()
    assert EnterpriseChange.objects.get(pk=scale.pk).status == "pending"
    client.post(review, {"decision": "approve"})
    services.review_change(actor=park_admin, change_id=employees.pk, approve=True)
    enterprise.refresh_from_db()
    assert enterprise.scale == "above"
    assert enterprise.employees == 320


def test_invalid_contact_mobile_keeps_the_form_and_changes_nothing(client, user_a):
    enterprise = user_a.enterprise_membership.enterprise
    client.force_login(user_a)
    response = client.post(
        reverse("alliances:enterprise_edit"),
        _profile(enterprise, contact_mobile="999", address="新地址"),
    )
    assert response.status_code == 200
    assert "请输入有效的11位中国大陆手机号" in response.content.decode()
    assert "新地址" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.address == ""
    assert not EnterpriseChange.objects.exists()


def test_contact_mobile_is_masked_on_the_enterprise_page(client, user_a):
    enterprise = user_a.enterprise_membership.enterprise
    enterprise.contact_mobile = "13912345678"
    enterprise.save()
    client.force_login(user_a)
    page = client.get(reverse("alliances:my_enterprise")).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page


def test_user_a_cannot_touch_enterprise_b(client, user_a, user_b, firm_b):
    with pytest.raises(StepRefused):
        services.update_profile(actor=user_a, enterprise_id=firm_b.pk, changes={"address": "x"})
    client.force_login(user_a)
    assert client.get(reverse("alliances:staff_enterprise", args=[firm_b.pk])).status_code == 403
    assert client.get(reverse("alliances:staff_enterprises")).status_code == 403
    assert client.get(f"/api/v1/enterprises/{firm_b.pk}/").status_code == 404
    own = client.get("/api/v1/enterprises/").json()["results"]
    assert [row["name"] for row in own] == [user_a.enterprise_membership.enterprise.name]
    page = client.get(reverse("alliances:my_enterprise")).content.decode()
    assert firm_b.name not in page


def test_staff_changes_apply_at_once_and_are_recorded(park_admin, firm_a):
    services.update_profile(actor=park_admin, enterprise_id=firm_a.pk, changes={"scale": "below"})
    firm_a.refresh_from_db()
    assert firm_a.scale == "below"
    change = EnterpriseChange.objects.get(enterprise=firm_a)
    assert (change.actor, change.status, change.new_value) == (park_admin, "applied", "below")


def test_growth_steps_are_kept_as_history(park_admin, firm_a):
    import datetime

    services.record_growth_step(
        actor=park_admin,
        enterprise_id=firm_a.pk,
        stage="micro",
        reached_on=datetime.date(2022, 1, 1),
    )
    services.record_growth_step(
        actor=park_admin,
        enterprise_id=firm_a.pk,
        stage="to_scale",
        reached_on=datetime.date(2024, 6, 1),
    )
    firm_a.refresh_from_db()
    assert firm_a.growth_stage == "to_scale"
    assert [s.stage for s in firm_a.growth_steps.all()] == ["micro", "to_scale"]


def test_staff_list_filters_and_pages_by_key(client, dispatcher):
    from ..factories import ChainFactory

    chain = ChainFactory(name="海工装备", code="offshore")
    for i in range(7):
        e = EnterpriseFactory(name=f"甲企业{i:02d}", labels=["gazelle"] if i % 2 else [])
        e.chains.add(chain)
    EnterpriseFactory(name="乙企业")
    client.force_login(dispatcher)
    page = client.get(
        reverse("alliances:staff_enterprises"), {"chain": chain.pk, "label": "gazelle"}
    )
    html = page.content.decode()
    assert html.count('data-testid="enterprise-row"') == 3
    assert "乙企业" not in html

    from alliances import staff_views

    staff_views.PAGE_SIZE, old = 3, staff_views.PAGE_SIZE
    try:
        first = client.get(reverse("alliances:staff_enterprises"), {"chain": chain.pk})
        token = first.context["next_token"]
        second = client.get(
            reverse("alliances:staff_enterprises"), {"chain": chain.pk, "after": token}
        )
        names = [e.name for e in first.context["rows"]] + [e.name for e in second.context["rows"]]
        assert names == [f"甲企业{i:02d}" for i in range(6)]
    finally:
        staff_views.PAGE_SIZE = old


def test_staff_list_does_a_fixed_number_of_queries(
    client, dispatcher, django_assert_max_num_queries
):
    from ..factories import ChainFactory

    chain = ChainFactory()
    client.force_login(dispatcher)
    for _ in range(3):
        EnterpriseFactory().chains.add(chain)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("alliances:staff_enterprises"))
    for _ in range(40):
        EnterpriseFactory().chains.add(chain)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("alliances:staff_enterprises"))


def test_enterprise_api_for_staff_masks_mobiles_and_filters(client, dispatcher):
    e = EnterpriseFactory(name="接口企业", contact_mobile="13712345678", labels=["unicorn"])
    EnterpriseFactory(name="别的企业")
    client.force_login(dispatcher)
    body = client.get("/api/v1/enterprises/", {"label": "unicorn"}).json()
    assert [row["name"] for row in body["results"]] == ["接口企业"]
    assert body["results"][0]["contact_mobile"] == "137****5678"
    assert client.get(f"/api/v1/enterprises/{e.pk}/").json()["credit_code"] == e.credit_code


def test_staff_record_a_growth_step_on_the_enterprise_page(client, park_admin, dispatcher, firm_a):
    url = reverse("alliances:staff_growth_step", args=[firm_a.pk])
    client.force_login(dispatcher)
    client.post(url, {"stage": "micro", "reached_on": "2025-03-01"})
    firm_a.refresh_from_db()
    assert firm_a.growth_stage == ""  # dispatchers read the registry; they do not change it
    client.force_login(park_admin)
    client.post(url, {"stage": "micro", "reached_on": "2025-03-01"})
    firm_a.refresh_from_db()
    assert firm_a.growth_stage == "micro"
    page = client.get(reverse("alliances:staff_enterprise", args=[firm_a.pk])).content.decode()
    assert "2025-03-01" in page


def test_admin_edits_are_recorded_like_portal_edits(client, park_admin, firm_a):
    from django.urls import reverse

    client.force_login(park_admin)
    url = reverse("admin:alliances_enterprise_change", args=[firm_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        name=firm_a.name, credit_code=firm_a.credit_code, scale="above", employees="120",
        labels="", chains=[], links=[],
    )  # fmt: skip
    for prefix in ("memberships", "growth_steps"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    firm_a.refresh_from_db()
    assert (firm_a.scale, firm_a.employees) == ("above", 120)
    recorded = {c.field: c.actor for c in EnterpriseChange.objects.filter(enterprise=firm_a)}
    assert recorded == {"scale": park_admin, "employees": park_admin}

    # Chains are saved with the form's relations; that change is recorded as well.
    from alliances.models import Chain

    chain = Chain.objects.create(code="offshore-admin", name="海工装备", order=1)
    data.update(scale="above", employees="120", chains=[chain.pk])
    assert client.post(url, data).status_code == 302
    change = EnterpriseChange.objects.get(enterprise=firm_a, field="chains")
    assert (change.old_value, change.new_value, change.actor) == ([], ["海工装备"], park_admin)
    assert not EnterpriseChange.objects.filter(field="links").exists()  # unchanged: nothing
