import factory
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from stdnum.cn import uscc

from alliances.models import Enterprise, EnterpriseMembership
from portal.models import User
from portal.roles import sync_roles

PASSWORD = "correct-horse-battery-9"


def credit_code(n: int) -> str:
    body = f"91370684{n:09d}"
    return body + uscc.calc_check_digit(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(100000 + n))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    phone = factory.Sequence(lambda n: f"1370000{n:04d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            if not Group.objects.filter(name=role).exists():
                # Transactional tests flush the tables, taking the migration's roles with them.
                sync_roles(django_apps)
            self.groups.add(Group.objects.get(name=role))
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alliances.Chain"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"chain-{n}")
    name = factory.Sequence(lambda n: f"产业链{n}")


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alliances.Alliance"

    chain = factory.SubFactory(ChainFactory)
    name = factory.LazyAttribute(lambda a: f"{a.chain.name}党建联盟")
    slug = factory.LazyAttribute(lambda a: a.chain.code)


class AllianceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alliances.AllianceMember"

    alliance = factory.SubFactory(AllianceFactory)
    tier = "core"
    kind = "enterprise"
    name = factory.Sequence(lambda n: f"成员单位{n}")
    joined_on = factory.LazyFunction(lambda: __import__("datetime").date(2024, 1, 1))
