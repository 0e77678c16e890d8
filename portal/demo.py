"""Demo accounts, one per role; other apps' demo data is seeded by their own seeders."""

import os
import secrets

import time_machine
from django.contrib.auth.models import Group

from .models import User
from .notifications import notify
from .roles import Role

# username, name, mobile, role, staff?, enterprise index (None for park staff), firm admin?
DEMO_ACCOUNTS = [
    ("parkadmin", "园区管理员", "13900000001", Role.PARK_ADMIN, True, None, False),
    ("dispatcher", "受理派单员", "13900000002", Role.DISPATCHER, True, None, False),
    ("handler", "承办人", "13900000003", Role.HANDLER, True, None, False),
    ("supervisor", "督办人", "13900000004", Role.SUPERVISOR, True, None, False),
    ("firm_a", "蓬坞合金联络员", "13900000005", Role.ENTERPRISE_USER, False, 0, True),
    ("firm_b", "大金海洋重工联络员", "13900000006", Role.ENTERPRISE_USER, False, 1, True),
    ("provider", "众合人力客服", "13900000007", Role.PROVIDER, False, None, False),
    ("cadre", "刘海峰", "13900000008", Role.CADRE, True, None, False),
    ("talent", "人才工作专员", "13900000009", Role.TALENT_OFFICER, True, None, False),
]


def seed_accounts(done: dict):
    """The demo accounts (passwords printed once); returns them by username."""
    created, accounts = [], {}
    # DEMO_PASSWORD gives every new demo account the same known password (local demos).
    fixed_password = os.environ.get("DEMO_PASSWORD")
    renew = done.get("options", {}).get("new_passwords", False)
    for username, name, phone, role, is_staff, _firm, _admin in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is not None and renew:
            password = fixed_password or secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
            created.append(f"  {username:<12} {role.value:<20} {password}")
        elif user is None:
            password = fixed_password or secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username=username, password=password, name=name, phone=phone,
                email=f"{username}@demo.penglai-park.local", is_staff=is_staff,
            )  # fmt: skip
            created.append(f"  {username:<12} {role.value:<20} {password}")
        user.groups.add(Group.objects.get(name=role.value))
        notify(recipients=[user], kind="welcome", dedupe_key="welcome")
        accounts[username] = user
    if created:
        lines = ["New demo accounts (the passwords are shown only this once):", *created]
    else:
        lines = ["Demo accounts already exist; their passwords were not changed."]
    return accounts, lines


def as_of(moment):
    """Play a step of the demo as if it were ``moment``: the demo's history goes through the
    real service functions, each at the time it happened."""
    return time_machine.travel(moment, tick=False)
