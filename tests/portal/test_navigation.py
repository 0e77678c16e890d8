"""The navigation offers each person only pages that answer: on the demo park, for a visitor
and every demo account (one per role, the talent office being staff of no handling unit),
every link of the bar and of "More" opens with 200."""

import json
import os
import subprocess
import sys

import pytest

from ..databases import ROOT

pytestmark = pytest.mark.django_db


def test_every_link_in_the_navigation_answers_for_every_role(seeded_database):
    url, _connect = seeded_database
    done = subprocess.run(
        [sys.executable, "tests/portal/navigation_walk.py"], cwd=ROOT, capture_output=True,
        text=True, timeout=300,
        env={**os.environ, "DATABASE_URL": url,
             "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    links = json.loads(done.stdout)

    assert set(links) >= {"visitor", "parkadmin", "dispatcher", "handler", "supervisor",
                          "firm_a", "provider", "cadre", "talent"}  # fmt: skip
    failing = {
        caller: [(link["label"], link["url"], link["status"]) for link in shown
                 if link["status"] != 200]
        for caller, shown in links.items()
    }  # fmt: skip
    assert failing == {caller: [] for caller in links}
    # Each sees the pages of their work, so the walk covered them.
    urls = {caller: {link["url"] for link in shown} for caller, shown in links.items()}
    assert "/staff/requests/" in urls["dispatcher"] and "/staff/requests/" in urls["handler"]
    assert "/staff/requests/" not in urls["talent"]  # the talent office handles no request
    assert "/requests/" in urls["firm_a"] and "/staff/requests/" not in urls["firm_a"]
    assert all(len(shown) >= 3 for shown in links.values())
