"""Load the demo park: one account per role and a few enterprises. Safe to run again."""

import os
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alliances.demo import seed_alliances, seed_enterprises
from alliances.models import EnterpriseMembership
from portal.models import User
from portal.notifications import notify
from portal.roles import Role
from services.finance.demo import seed_banks, seed_financing
from services.loop.demo import seed_requests, seed_units
from services.reception.demo import seed_reception_days

# username, name, mobile, role, staff?, enterprise index (None for park staff), firm admin?
DEMO_ACCOUNTS = [
    ("parkadmin", "园区管理员", "13900000001", Role.PARK_ADMIN, True, None, False),
    ("dispatcher", "受理派单员", "13900000002", Role.DISPATCHER, True, None, False),
    ("handler", "承办人", "13900000003", Role.HANDLER, True, None, False),
    ("supervisor", "督办人", "13900000004", Role.SUPERVISOR, True, None, False),
    ("firm_a", "蓬坞合金联络员", "13900000005", Role.ENTERPRISE_USER, False, 0, True),
    ("firm_b", "大金海洋重工联络员", "13900000006", Role.ENTERPRISE_USER, False, 1, True),
]


class Command(BaseCommand):
    help = "Create the demo park data and one account per role (passwords printed once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with known roles; it refuses to run with DEBUG off. "
                "Use --force if this really is a demo or test database."
            )
        with transaction.atomic():
            enterprises = seed_enterprises()
            created = self._seed_accounts(enterprises)
            seed_alliances(enterprises, actor=User.objects.get(username="parkadmin"))
            seed_units(User.objects.get(username="handler"))
            seed_requests(
                dispatcher=User.objects.get(username="dispatcher"),
                supervisor=User.objects.get(username="supervisor"),
            )
            keys = seed_banks()
            seed_financing()
            seed_reception_days()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(enterprises)} enterprises."))
        if created:
            self.stdout.write("New demo accounts (the passwords are shown only this once):")
            for username, role, password in created:
                self.stdout.write(f"  {username:<12} {role:<20} {password}")
        else:
            self.stdout.write("Demo accounts already exist; their passwords were not changed.")
        if keys:
            self.stdout.write("Partner-bank API keys (shown only this once; stored hashed):")
            for bank, key in keys:
                self.stdout.write(f"  {bank:<8} {key}")

    def _seed_accounts(self, enterprises):
        created = []
        # DEMO_PASSWORD gives every new demo account the same known password (local demos).
        fixed_password = os.environ.get("DEMO_PASSWORD")
        for username, name, phone, role, is_staff, firm, firm_admin in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                password = fixed_password or secrets.token_urlsafe(9)
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    name=name,
                    phone=phone,
                    email=f"{username}@demo.penglai-park.local",
                    is_staff=is_staff,
                )
                created.append((username, role.value, password))
            user.groups.add(Group.objects.get(name=role.value))
            if firm is not None:
                EnterpriseMembership.objects.get_or_create(
                    user=user, defaults={"enterprise": enterprises[firm], "is_admin": firm_admin}
                )
            notify(recipients=[user], kind="welcome", dedupe_key="welcome")
        return created
