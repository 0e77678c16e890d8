from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (awaiting acceptance)")
    DISPATCHED = "dispatched", _("Dispatched (awaiting sign-for)")
    IN_PROGRESS = "in_progress", _("In progress")
    RETURNED = "returned", _("Returned")
    RESOLVED = "resolved", _("Resolved (awaiting rating)")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another request")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.SUBMITTED, cls.DISPATCHED, cls.IN_PROGRESS, cls.RETURNED]

    @classmethod
    def terminal_states(cls) -> list[str]:
        return [cls.CLOSED, cls.REJECTED, cls.WITHDRAWN, cls.MERGED]


class Channel(models.TextChoices):
    WEB = "web", _("Online")
    RECEPTION_DAY = "reception_day", _("Reception day")
    TEAM_VISIT = "team_visit", _("Service-team visit")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit to the center")
    WINDOW = "window", _("Service window")
    LETTER = "letter", _("Letter")
    HOTLINE = "hotline_12345", _("Transferred from the 12345 hotline")

    @classmethod
    def intake(cls):
        """The channels park staff enter requests from (the rest have their own pages)."""
        return [cls.PHONE, cls.VISIT, cls.WINDOW, cls.LETTER, cls.HOTLINE]


# The intake channels as (value, label) pairs: the intake input's choices, and their name
# in the API schema (ENUM_NAME_OVERRIDES).
INTAKE_CHANNELS = [(c.value, c.label) for c in Channel.intake()]


class FigureDimension(models.TextChoices):
    ALL = "all", _("All")
    UNIT = "unit", _("Unit")
    CATEGORY = "category", _("Category")
    CHAIN = "chain", _("Chain")
    CHANNEL = "channel", _("Channel")
    STATE = "state", pgettext_lazy("request", "State")


class Step(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    DISPATCH = "dispatch", _("Dispatched")
    REJECT = "reject", _("Not accepted")
    WITHDRAW = "withdraw", _("Withdrawn")
    SIGN_FOR = "sign_for", _("Signed for")
    APPLY_RETURN = "apply_return", _("Return applied for")
    APPROVE_RETURN = "approve_return", _("Return approved")
    REFUSE_RETURN = "refuse_return", _("Return refused")
    PROGRESS = "progress", _("Progress note")
    APPLY_EXTENSION = "apply_extension", _("Extension applied for")
    APPROVE_EXTENSION = "approve_extension", _("Extension approved")
    REFUSE_EXTENSION = "refuse_extension", _("Extension refused")
    RESOLVE = "resolve", _("Resolved")
    RATE = "rate", _("Rated")
    REOPEN = "reopen", _("Reopened for redo")
    AUTO_CLOSE = "auto_close", _("Closed without rating")
    SUPERVISE = "supervise", _("Supervision notice issued")
    ACKNOWLEDGE = "acknowledge", _("Supervision acknowledged")
    ADD_MATERIAL = "add_material", _("Material added")
    CHASE = "chase", _("Chased")
    ASSIGN = "assign", _("Handler named")
    REASSIGN = "reassign", _("Handler changed")
    APPLY_PAUSE = "apply_pause", _("Pause applied for")
    APPROVE_PAUSE = "approve_pause", _("Clock paused")
    REFUSE_PAUSE = "refuse_pause", _("Pause refused")
    RESUME = "resume", _("Clock resumed")
    REVISIT = "revisit", _("Revisit call")
    MERGE = "merge", _("Merged as a duplicate")


class Light(models.TextChoices):
    """The warning light, named by what it means (the colour alone says nothing on a phone
    or to a colour-blind reader)."""

    GREEN = "green", pgettext_lazy("warning light", "On track")
    YELLOW = "yellow", pgettext_lazy("warning light", "Warning")
    RED = "red", pgettext_lazy("warning light", "Overdue")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    NOT_RATED = "not_rated", _("Not rated")


# The ratings a person gives: online (评价) or on a revisit call (回访).
REVISIT_RATINGS = [
    (Rating.SATISFIED.value, Rating.SATISFIED.label),
    (Rating.BASICALLY.value, Rating.BASICALLY.label),
    (Rating.UNSATISFIED.value, Rating.UNSATISFIED.label),
]


class PauseEnd(models.TextChoices):
    """Why a paused clock started again."""

    MATERIAL = "material", _("The enterprise added the awaited material")
    RESUMED = "resumed", _("Resumed by a dispatcher")
    DATE = "date", _("The date set was reached")
    RESOLVED = "resolved", _("The request was resolved")
    RETURNED = "returned", _("The request was given back")


class SupervisionLevel(models.TextChoices):
    GENERAL = "general", _("General")
    KEY = "key", _("Key")
    LISTED = "listed", _("Listed")


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Park department")
    SERVICE_TEAM = "service_team", _("Red Chain Service Team")
    PROVIDER = "provider", _("Service provider")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Decision(models.TextChoices):
    """How a dispatcher or supervisor decides a unit's application."""

    APPROVE = "approve", _("Approve")
    REFUSE = "refuse", _("Refuse")
