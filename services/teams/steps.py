"""The steps of a paperwork case (帮办代办), declared once for its page and the API:

asked ─take→ in progress ─finish→ done / could not be done
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.steps import StepTable

from .choices import CaseState
from .models import PaperworkCase
from .permissions import cadre_of, holds_case, in_case_team
from .services import _tell_case

CASES = StepTable(
    lock=lambda pk: PaperworkCase.objects.select_for_update().select_related(
        "enterprise", "team__unit").get(pk=pk),
    obj_name="case",
    wrong_state=_("This step is not possible while the case is “%(state)s”."),
)  # fmt: skip


class FinishInput(serializers.Serializer):
    done = serializers.ChoiceField(
        label=_("Outcome"), style={"base_template": "radio.html"},
        choices=[(CaseState.DONE, _("Done")), (CaseState.NOT_POSSIBLE, _("Could not be done"))],
    )  # fmt: skip
    result = serializers.CharField(
        label=_("Result"), max_length=2000,
        style={"base_template": "textarea.html", "rows": 3},
        help_text=_("What was obtained (a permit number, a registration...) or why not."),
    )  # fmt: skip


@CASES.step(
    "take", label=_("Take this case"), from_states={CaseState.ASKED}, may=in_case_team,
    refusal=_("Only a cadre of the team can take this case."), refusal_status=404,
    done=_("The case is yours: the enterprise is told."), emphasis="primary",
)  # fmt: skip
def take(*, case: PaperworkCase, actor) -> PaperworkCase:
    """A cadre of the team takes the case on."""
    case.cadre, case.state = cadre_of(actor), CaseState.IN_PROGRESS
    case.save(update_fields=["cadre", "state", "updated_at"])
    _tell_case(case, [case.asked_by], "paperwork_taken")
    return case


@CASES.step(
    "finish", label=_("Record the result"), from_states={CaseState.IN_PROGRESS},
    may=holds_case, refusal=_("Only the cadre handling this case can record its result."),
    refusal_status=404, input=FinishInput, done=_("The result is recorded."),
    emphasis="primary",
)  # fmt: skip
def finish(*, case: PaperworkCase, actor, done: str, result: str) -> PaperworkCase:
    """The procedure is through (or could not be done): the result, and the enterprise is
    told."""
    case.state, case.result = done, result
    case.finished_on = max(timezone.localdate(), case.opened_on)
    case.save(update_fields=["state", "result", "finished_on", "updated_at"])
    _tell_case(case, [case.asked_by], "paperwork_finished")
    return case
