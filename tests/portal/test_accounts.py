import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.roles import ROLE_PERMISSIONS, Role

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD, language="zh-hans"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_login_by_username_lands_staff_on_the_workbench(client, dispatcher):
    response = _login(client, "dispatcher1")
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("workbench")
    assert "工作台" in response.content.decode()


def test_login_by_mobile_number_lands_enterprise_user_on_my_enterprise(client, user_a):
    response = _login(client, "138 0000 1111")
    assert response.status_code == 302
    page = client.get(reverse("landing"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("alliances:my_enterprise")
    assert "蓬坞合金有限公司" in page.content.decode()


def test_login_with_country_code_prefix(client, user_a):
    assert _login(client, "+8613800001111").status_code == 302


def test_wrong_password_gives_a_clear_translated_error(client, user_a):
    response = _login(client, "firm_a_user", "wrong-password")
    assert response.status_code == 200
    assert "用户名或手机号与密码不匹配" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_error_in_english(client, user_a):
    response = _login(client, "firm_a_user", "wrong-password", language="en")
    assert "do not match" in response.content.decode()


def test_inactive_user_cannot_sign_in(client):
    UserFactory(username="gone", is_active=False)
    response = _login(client, "gone")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client, user_a):
    client.force_login(user_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_validates_and_applies(client, user_a):
    client.force_login(user_a)
    url = reverse("password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200
    assert "密码" in weak.content.decode()
    new = "a-much-better-passphrase-42"
    ok = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert ok.status_code == 302
    user_a.refresh_from_db()
    assert user_a.check_password(new)


def test_password_reset_sends_a_link_by_email(client, user_a):
    response = client.post(reverse("password_reset"), {"email": user_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert mail.outbox[0].to == [user_a.email]


def test_roles_exist_with_the_expected_permissions():
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert granted == set(ROLE_PERMISSIONS[role])
    staff_only = "portal.view_workbench"
    assert staff_only not in ROLE_PERMISSIONS[Role.ENTERPRISE_USER]
    assert all(staff_only in ROLE_PERMISSIONS[r] for r in Role.staff_codes())


def test_enterprise_user_cannot_open_the_workbench(client, user_a):
    client.force_login(user_a)
    assert client.get(reverse("workbench")).status_code == 403


def test_staff_cannot_open_my_enterprise(client, handler):
    client.force_login(handler)
    assert client.get(reverse("alliances:my_enterprise")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("workbench"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_enterprise_user_sees_only_their_own_enterprise(client, user_a, user_b):
    client.force_login(user_a)
    page = client.get(reverse("alliances:my_enterprise")).content.decode()
    assert "蓬坞合金有限公司" in page
    assert "大金海洋重工有限公司" not in page
    # colleagues' phone numbers are masked
    assert "138****1111" in page
    assert "13800001111" not in page


def test_navigation_differs_by_role(client, user_a, supervisor):
    client.force_login(user_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("alliances:my_enterprise") in page
    assert reverse("workbench") not in page
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    assert reverse("workbench") in page
    assert reverse("alliances:my_enterprise") not in page


def test_phone_must_be_a_valid_mainland_mobile():
    from django.core.exceptions import ValidationError

    user = UserFactory.build(phone="12345")
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "phone" in excinfo.value.message_dict


def test_chinese_is_the_default_and_english_is_offered(client):
    assert "蓬莱经济开发区党群服务中心" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "蓬莱经济开发区党群服务中心" in page
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Penglai Economic Development Zone Party-Service Center" in english
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Penglai Economic Development Zone Party-Service Center" in page


def test_roles_and_permissions_read_once_then_from_the_cache_until_they_change(
    django_assert_num_queries,
):
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(roles=[Role.DISPATCHER])
    user.user_permissions.add(Permission.objects.get(codename="view_notification"))
    fresh = type(user).objects.get(pk=user.pk)
    # the roles, all permissions in one query, the units and the enterprise (none here)
    with django_assert_num_queries(4):
        assert fresh.has_perm("services.dispatch_request")  # through the role
        assert fresh.has_perm("portal.view_notification")  # granted directly
        assert not fresh.has_perm("services.supervise_request")
        assert fresh.has_role(Role.DISPATCHER)
    next_page = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(0):
        assert next_page.has_perm("services.dispatch_request")
        assert next_page.role_codes == {Role.DISPATCHER}
    # A new role, a role losing a permission: seen on the next page.
    user.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    after = type(user).objects.get(pk=user.pk)
    assert after.has_perm("services.supervise_request") and after.has_role(Role.SUPERVISOR)
    Group.objects.get(name=Role.DISPATCHER).permissions.remove(
        Permission.objects.get(codename="dispatch_request")
    )
    assert not type(user).objects.get(pk=user.pk).has_perm("services.dispatch_request")
    boss = UserFactory(is_superuser=True)
    assert boss.has_perm("services.supervise_request")
    gone = UserFactory(is_active=False, roles=[Role.DISPATCHER])
    assert not gone.has_perm("services.dispatch_request")
