"""Run as a script on a database holding the demo park (``seed_demo``): for a visitor and
each demo account, open the home page, follow every link of the navigation (the bar, "More"
and the actions) and print, as JSON, each link's label, address and the status it answered.
tests/portal/test_navigation.py runs it in its own process and reads what it printed."""

import json
import re
import sys

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from portal.demo import DEMO_ACCOUNTS  # noqa: E402
from portal.models import User  # noqa: E402

NAV = re.compile(r'<nav class="navbar.*?</nav>', re.S)
LINK = re.compile(r'<a class="(?:nav-link|dropdown-item)[^"]*" href="(/[^"#]*)"[^>]*>([^<]+)</a>')


def walk(username: str | None) -> list[dict]:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if username:
        client.force_login(User.objects.get(username=username))
    home = client.get("/")
    assert home.status_code == 200, (username, home.status_code)
    [nav] = NAV.findall(home.content.decode())
    return [
        {"label": label.strip(), "url": url, "status": client.get(url).status_code}
        for url, label in LINK.findall(nav)
    ]


if __name__ == "__main__":
    setup_test_environment()
    callers = [None, *(account[0] for account in DEMO_ACCOUNTS)]
    json.dump({caller or "visitor": walk(caller) for caller in callers}, sys.stdout,
              ensure_ascii=False)  # fmt: skip
