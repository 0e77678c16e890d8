"""Every domain table is on record: a model added to an app without ``track_history`` fails
here unless it is named below as a log or a cache (which are records themselves)."""

import pghistory.models
from django.apps import apps

DOMAIN_APPS = {
    "portal",
    "alliances",
    "services",
    "reception",
    "finance",
    "market",
    "teams",
    "center",
    "talent",
}
NOT_TRACKED = {
    "portal.Notification",  # messages sent: a record of their own
    "portal.Heartbeat",  # the scheduler's pulse
    "portal.PersonalDataRead",  # the log of reads
    "portal.ImportJob",  # an import's own record; the rows it changes are on record
    "services.RequestEvent",  # the request's own append-only timeline
    "services.RequestCounter",  # the numbering's counter
    "services.MonthFigures",  # sums of the requests, kept by triggers and rebuilt from them
    "services.MonthValueCount",  # likewise, the medians' histograms
    "services.TermCount",  # learned from the requests by each refit, replaced whole
    "services.ProfileTerm",  # likewise, the dispatch suggestion's profiles
    "services.TextFit",  # the refits' own log
    "services.DispatchSuggestion",  # what a dispatcher was shown, itself the record
    "finance.BankAccessLog",  # the banks' access log
    "finance.IdempotentResponse",  # remembered answers to retried bank calls
    "market.OrderEvent",  # the order's own append-only timeline
    "teams.VisitProblem",  # the link of a visit to the request it raised: written once
    "teams.PolicyPush",  # the record of a policy sent, itself the log
    "talent.ProblemNote",  # the problem's own append-only progress
}


def test_every_domain_model_is_tracked_or_a_named_log():
    untracked = set()
    for model in apps.get_models():
        if model._meta.app_label not in DOMAIN_APPS or model._meta.proxy:
            continue
        if issubclass(model, pghistory.models.Event):
            continue
        if not hasattr(model, "history"):
            untracked.add(model._meta.label)
    assert untracked == NOT_TRACKED
