"""Every change of the domain tables on record, whoever makes it (django-pghistory).

Database triggers copy each inserted, updated or deleted row of a tracked model into its
history table (``<Model>History``), so no path can forget it: a page, the API, the admin, a
Celery task, a management command or a shell. Each change is tied to a context naming who
and how: ``user`` (or ``bank``), ``via`` (web, api, admin, task, command) and the ``url``,
``task`` or ``command``. The request loop keeps its own ``RequestEvent`` timeline on top:
that is what enterprises and units read.
"""

import getpass

import pghistory
from celery import Task
from django.utils.translation import gettext_noop
from pghistory.middleware import HistoryMiddleware as BaseHistoryMiddleware

# The admin link pghistory adds to every tracked object; its words are translated here.
ADMIN_LINK = gettext_noop("Events")


def _trackers():
    # New instances per model: a tracker keeps the fields of the model it was given.
    return pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()


# Commands whose changes belong to the requests they serve, not to one long context.
SERVER_COMMANDS = {"runserver", "testserver"}


def track_history(*models, exclude: dict[str, list[str]] | None = None):
    """Record every insert, update and delete of ``models``. ``exclude`` names fields kept
    out of the record (by model name): secrets, and personal data stored encrypted, which
    the record must not copy."""
    exclude = exclude or {}
    for model in models:
        pghistory.track(
            *_trackers(),
            model_name=f"{model.__name__}History",
            # ``obj.history``: "events" is taken by the request's timeline.
            obj_field=pghistory.ObjForeignKey(related_name="history", related_query_name="history"),
            exclude=exclude.get(model.__name__),
            meta={"verbose_name": f"{model._meta.verbose_name} (history)"},
        )(model)


def track_links(through, *, app_label: str, model_name: str):
    """Record links added to and removed from a many-to-many relation (roles of a user,
    handlers of a unit)."""
    pghistory.track(
        pghistory.InsertEvent("add"), pghistory.DeleteEvent("remove"),
        obj_field=None, app_label=app_label, model_name=model_name,
    )(through)  # fmt: skip


def _via(path: str) -> str:
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "web"


class HistoryMiddleware(BaseHistoryMiddleware):
    """Names the user, the page or API path and the channel of every change a request makes;
    the bank API adds the bank when its key is checked."""

    def get_context(self, request):
        return {**super().get_context(request), "via": _via(request.path)}


class HistoryTask(Task):
    """Celery's task class here: every change a task makes is recorded as made by it."""

    def __call__(self, *args, **kwargs):
        with pghistory.context(via="task", task=self.name):
            return super().__call__(*args, **kwargs)


def command_context(argv: list[str]):
    """The context of a management command (a shell included), or None for a server."""
    command = argv[1] if len(argv) > 1 else "help"
    if command in SERVER_COMMANDS:
        return None
    return pghistory.context(via="command", command=command, os_user=getpass.getuser())


def add_context(**values) -> None:
    """Add to the context of what is running now (e.g. the bank whose key was checked)."""
    pghistory.context(**values)


def changes_of(obj, *, limit: int = 30) -> list[dict]:
    """The newest changes of one row for a staff page: when, who (person or bank), how, and
    the fields changed with their old and new values."""
    from .models import ChangeRecord, User  # models import this module

    newest = ("-pgh_created_at", "-pgh_id")  # one transaction: the same time, in order
    records = list(ChangeRecord.objects.tracks(obj).order_by(*newest)[:limit])
    user_ids = {r.pgh_context.get("user") for r in records if r.pgh_context}
    names = {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=user_ids - {None})}
    rows = []
    for record in records:
        context = record.pgh_context or {}
        who = names.get(context.get("user"), "")
        if not who and context.get("bank"):
            who = f"bank #{context['bank']}"
        rows.append({
            "at": record.pgh_created_at, "label": record.pgh_label, "who": who,
            "via": context.get("via") or context.get("command") or "",
            "diff": sorted((record.pgh_diff or {}).items()),
        })  # fmt: skip
    return rows
