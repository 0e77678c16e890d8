import pytest
from django.urls import reverse

from alliances import services
from alliances.models import EnterpriseMembership, JoinApplication
from portal.errors import StepRefused
from portal.models import Notification, User
from portal.roles import Role

from ..factories import PASSWORD, UserFactory, credit_code

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "username": "newcomer",
        "name": "新来的",
        "phone": "13600001234",
        "email": "new@example.cn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "credit_code": credit_code(5555),
        "enterprise_name": "烟台新企业有限公司",
        "position": "办公室主任",
    }
    data.update(overrides)
    return client.post(reverse("alliances:join"), data)


def test_a_visitor_signs_up_and_applies_in_one_step(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    application = JoinApplication.objects.get(applicant=user)
    assert application.status == "pending"
    page = client.get(reverse("alliances:join")).content.decode()
    assert "待审核" in page  # the applicant is signed in and sees the status


def test_bad_credit_code_is_refused_clearly_and_nothing_is_saved(client):
    bad = credit_code(5555)[:-1] + ("1" if credit_code(5555)[-1] != "1" else "2")
    response = _signup(client, credit_code=bad)
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    # what the person typed is still in the form
    assert "烟台新企业有限公司" in response.content.decode()


def test_bad_mobile_is_refused_with_a_translated_error(client):
    response = _signup(client, phone="12345")
    assert "请输入有效的11位中国大陆手机号" in response.content.decode()


def test_approval_attaches_the_applicant_and_notifies_them(park_admin, firm_a):
    applicant = UserFactory()
    application = services.submit_join_application(
        applicant=applicant, credit_code=firm_a.credit_code, enterprise_name=firm_a.name
    )
    membership = services.approve_join_application(application_id=application.pk, actor=park_admin)
    assert membership.enterprise == firm_a
    assert membership.is_admin  # the first person of the enterprise
    applicant.refresh_from_db()
    assert applicant.groups.filter(name=Role.ENTERPRISE_USER).exists()
    note = Notification.objects.get(recipient=applicant)
    assert firm_a.name in note.title
    with pytest.raises(StepRefused, match="已经审核"):
        services.approve_join_application(application_id=application.pk, actor=park_admin)


def test_approval_of_a_new_credit_code_registers_the_enterprise(park_admin):
    applicant = UserFactory()
    application = services.submit_join_application(
        applicant=applicant, credit_code=credit_code(777), enterprise_name="新登记企业"
    )
    membership = services.approve_join_application(application_id=application.pk, actor=park_admin)
    assert membership.enterprise.name == "新登记企业"
    assert membership.enterprise.credit_code == credit_code(777)


def test_rejection_needs_a_reason_that_the_applicant_sees(client, park_admin):
    applicant = UserFactory()
    application = services.submit_join_application(
        applicant=applicant, credit_code=credit_code(778), enterprise_name="某企业"
    )
    with pytest.raises(StepRefused):
        services.reject_join_application(
            application_id=application.pk, actor=park_admin, reason=" "
        )
    services.reject_join_application(
        application_id=application.pk, actor=park_admin, reason="营业执照信息与登记不符"
    )
    assert "营业执照信息与登记不符" in Notification.objects.get(recipient=applicant).body
    client.force_login(applicant)
    assert "营业执照信息与登记不符" in client.get(reverse("alliances:join")).content.decode()


def test_only_park_admins_review_and_one_pending_application_per_person(dispatcher, user_b):
    applicant = UserFactory()
    application = services.submit_join_application(
        applicant=applicant, credit_code=credit_code(779), enterprise_name="某企业"
    )
    with pytest.raises(StepRefused):
        services.submit_join_application(
            applicant=applicant, credit_code=credit_code(780), enterprise_name="另一家"
        )
    for actor in (dispatcher, user_b):
        with pytest.raises(StepRefused):
            services.approve_join_application(application_id=application.pk, actor=actor)


def test_review_page_approves_and_rejects(client, park_admin):
    applicant = UserFactory()
    application = services.submit_join_application(
        applicant=applicant, credit_code=credit_code(781), enterprise_name="页面审核企业"
    )
    client.force_login(park_admin)
    page = client.get(reverse("alliances:staff_applications")).content.decode()
    assert "页面审核企业" in page
    client.post(
        reverse("alliances:staff_application_review", args=[application.pk]),
        {"decision": "approve"},
    )
    application.refresh_from_db()
    assert application.status == "approved"


def test_enterprise_admin_invites_and_removes_a_colleague(client, user_a):
    client.force_login(user_a)
    client.post(reverse("alliances:enterprise_invite"), {"note": "小李"})
    invitation = user_a.enterprise_membership.enterprise.invitations.get()
    colleague = UserFactory(username="xiaoli")
    client.force_login(colleague)
    client.post(reverse("alliances:accept_invitation", args=[invitation.token]))
    membership = EnterpriseMembership.objects.get(user=colleague)
    assert membership.enterprise == user_a.enterprise_membership.enterprise
    # the invitation works once
    other = UserFactory()
    with pytest.raises(StepRefused):
        services.accept_invitation(token=invitation.token, user=other)

    client.force_login(user_a)
    client.post(reverse("alliances:remove_colleague", args=[membership.pk]))
    assert not EnterpriseMembership.objects.filter(user=colleague).exists()


def test_a_member_who_is_not_admin_cannot_invite_or_remove(client, user_a, user_b):
    plain = UserFactory(roles=[Role.ENTERPRISE_USER])
    EnterpriseMembership.objects.create(
        user=plain, enterprise=user_a.enterprise_membership.enterprise
    )
    with pytest.raises(StepRefused):
        services.invite_colleague(
            actor=plain, enterprise_id=user_a.enterprise_membership.enterprise_id
        )
    client.force_login(plain)
    client.post(reverse("alliances:remove_colleague", args=[user_a.enterprise_membership.pk]))
    assert EnterpriseMembership.objects.filter(user=user_a).exists()
    # another enterprise's membership id answers 404
    client.force_login(user_a)
    response = client.post(
        reverse("alliances:remove_colleague", args=[user_b.enterprise_membership.pk])
    )
    assert response.status_code == 404
