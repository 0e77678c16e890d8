"""The steps of a joint technical problem (攻关难题), declared once for its page and the API:

posted ─match→ matched ─progress→ being solved ─solve→ solved
(the enterprise may withdraw it until it is solved)
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.notifications import notify
from portal.steps import StepTable
from services.teams.models import ServiceTeam

from .choices import ProblemState
from .models import Problem, ProblemNote, University
from .permissions import handles_problem, posted_problem

PROBLEMS = StepTable(
    lock=lambda pk: Problem.objects.select_for_update().select_related("enterprise").get(pk=pk),
    obj_name="problem",
    wrong_state=_("This step is not possible while the problem is “%(state)s”."),
)


def _record(problem, actor, text, *, fields, tell=None):
    problem.save(update_fields=[*fields, "updated_at"])
    ProblemNote.objects.create(problem=problem, author=actor, state=problem.state, text=text)
    if tell and problem.posted_by_id:
        notify(
            recipients=[problem.posted_by], kind=tell,
            context={"title": problem.title, "partner": str(problem.partner or "")},
            url=reverse("talent:problem_detail", args=[problem.pk]),
        )  # fmt: skip


class MatchInput(serializers.Serializer):
    university = serializers.PrimaryKeyRelatedField(
        label=_("University or institute"), queryset=University.objects.all(), required=False,
        allow_null=True,
    )  # fmt: skip
    team = serializers.PrimaryKeyRelatedField(
        label=_("Service team"), queryset=ServiceTeam.objects.select_related("unit"),
        required=False, allow_null=True,
    )  # fmt: skip
    note = serializers.CharField(
        label=_("Note"), max_length=2000, style={"base_template": "textarea.html", "rows": 2},
        help_text=_("Who will work on it and how; the enterprise reads this."),
    )  # fmt: skip

    def validate(self, attrs):
        if not attrs.get("university") and not attrs.get("team"):
            raise serializers.ValidationError(
                {"university": [_("Choose a university or institute, or a service team.")]}
            )
        return attrs


class NoteInput(serializers.Serializer):
    note = serializers.CharField(
        label=_("Progress"), max_length=2000, style={"base_template": "textarea.html", "rows": 2}
    )


class SolveInput(serializers.Serializer):
    solution = serializers.CharField(
        label=_("Solution"), max_length=4000, style={"base_template": "textarea.html", "rows": 3},
        help_text=_("How it was solved and what the enterprise gained."),
    )  # fmt: skip


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(
        label=_("Reason"), max_length=500, style={"base_template": "textarea.html", "rows": 2}
    )


@PROBLEMS.step(
    "match", label=_("Match to a partner"),
    from_states={ProblemState.POSTED, ProblemState.MATCHED}, may=handles_problem,
    refusal=_("Only park staff can match problems."), input=MatchInput,
    done=_("The problem is matched: the enterprise is told."), emphasis="primary",
)  # fmt: skip
def match(*, problem: Problem, actor, university=None, team=None, note: str) -> Problem:
    """Park staff give the problem to a university or institute, or to a service team."""
    problem.university, problem.team, problem.state = university, team, ProblemState.MATCHED
    _record(problem, actor, note, fields=["university", "team", "state"], tell="problem_matched")
    return problem


@PROBLEMS.step(
    "progress", label=_("Record progress"),
    from_states={ProblemState.MATCHED, ProblemState.WORKING}, may=handles_problem,
    refusal=_("Only park staff can record progress."), input=NoteInput,
    done=_("The progress is recorded."),
)  # fmt: skip
def progress(*, problem: Problem, actor, note: str) -> Problem:
    """Work has begun or moved on."""
    problem.state = ProblemState.WORKING
    _record(problem, actor, note, fields=["state"])
    return problem


@PROBLEMS.step(
    "solve", label=_("Record the solution"),
    from_states={ProblemState.MATCHED, ProblemState.WORKING}, may=handles_problem,
    refusal=_("Only park staff can record a solution."), input=SolveInput,
    done=_("The problem is solved: the enterprise is told."),
)  # fmt: skip
def solve(*, problem: Problem, actor, solution: str) -> Problem:
    """The problem is solved."""
    problem.state, problem.solution = ProblemState.SOLVED, solution
    problem.solved_on = timezone.localdate()
    _record(problem, actor, solution, fields=["state", "solution", "solved_on"],
            tell="problem_solved")  # fmt: skip
    return problem


@PROBLEMS.step(
    "withdraw", label=_("Withdraw the problem"), from_states=ProblemState.open(),
    may=posted_problem, refusal=_("Only the enterprise that posted it can withdraw it."),
    refusal_status=404, input=WithdrawInput, done=_("The problem is withdrawn."),
    emphasis="destructive", confirm=_("Withdraw this problem?"),
)  # fmt: skip
def withdraw(*, problem: Problem, actor, reason: str) -> Problem:
    """The enterprise no longer needs help with it (solved elsewhere, dropped)."""
    problem.state = ProblemState.WITHDRAWN
    _record(problem, actor, reason, fields=["state"])
    return problem
