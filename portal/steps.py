"""Steps declared once: who may take them, from which states, with which input.

A flow (the request loop today; visits, bookings, orders later) keeps a :class:`StepTable`.
Each step is one declaration wrapped around one service function::

    STEPS = StepTable(lock=lock_request, obj_name="request", wrong_state=_("..."))

    @STEPS.step(
        "sign_for", label=_("Sign for"), from_states={State.DISPATCHED}, may=handles_lead,
        refusal=_("Only a handler of the lead unit can sign for this request."),
        done=_("Signed for: the request is now in progress."),
    )
    def sign_for(*, request, actor): ...

Calling the declared step (``sign_for(actor=user, request_id=7)``) runs the function in one
transaction on the locked row, after the declaration's checks: who may take it, the states
it may start from and any further conditions. The buttons on a page (:meth:`available`),
the web view and the API (:meth:`parse`, :meth:`run`) and the OpenAPI schema all read the
same declaration, so none of them can disagree with the rule.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pghistory
from django import forms
from django.db import transaction
from django.forms.utils import ErrorDict
from rest_framework import serializers

from .errors import StepRefused


@dataclass(frozen=True)
class Condition:
    """A further rule of a step (e.g. "a return application is waiting"), with the message
    that refuses the step when it does not hold."""

    holds: Callable[[Any], bool]
    message: str


@dataclass(frozen=True)
class Step:
    # A template reads a step's name and label; it must never take the step.
    do_not_call_in_templates = True

    name: str
    label: str
    func: Callable[..., Any]
    from_states: frozenset[str]
    may: Callable[[Any, Any], bool]
    refusal: str
    done: Any  # the message once taken: a text, or a function of the step's result
    table: "StepTable"
    input: type[serializers.Serializer] | None = None
    conditions: tuple[Condition, ...] = ()
    refusal_status: int = 403
    # How the page draws it: a button style, and the choice field whose values become one
    # button each (a review's approve / refuse) instead of a select.
    style: str = "danger"
    choice_buttons: str = ""
    help_template: str = ""
    description: str = ""
    # False for a step the page offers inside another step's form (the API keeps it).
    on_page: bool = True
    # How much the page puts it forward: "primary" (the likely next step: open, first),
    # "secondary" (folded under its name) or "destructive" (folded, and asks to confirm).
    emphasis: str = "secondary"
    confirm: str = ""  # the question a destructive step asks before it is taken

    # --- the rule ------------------------------------------------------------------------

    def refusal_for(self, actor, obj) -> StepRefused | None:
        """Why ``actor`` may not take this step on ``obj`` now, or None when they may."""
        if not self.may(actor, obj):
            return StepRefused(self.refusal, status=self.refusal_status)
        state = getattr(obj, self.table.state_field)
        if state not in self.from_states:
            display = getattr(obj, f"get_{self.table.state_field}_display")()
            return StepRefused(self.table.wrong_state % {"state": display}, code="illegal_state")
        for condition in self.conditions:
            if not condition.holds(obj):
                return StepRefused(condition.message, code="illegal_state")
        return None

    def allowed(self, actor, obj) -> bool:
        return self.refusal_for(actor, obj) is None

    # --- running it ----------------------------------------------------------------------

    def __call__(self, *, actor, **values):
        """Take the step: lock the row, check the rule on it, run the service function.
        The row is named by the table's ``id_name`` (``request_id=7``)."""
        obj_id = values.pop(self.table.id_name)
        # The change records name the actor however the step was called (page, task, shell).
        with pghistory.context(user=actor.pk), transaction.atomic():
            obj = self.table.lock(obj_id)
            refused = self.refusal_for(actor, obj)
            if refused is not None:
                raise refused
            return self.func(actor=actor, **{self.table.obj_name: obj}, **values)

    def parse(self, data: Mapping) -> dict:
        """Validate what a user sent (a form's POST and FILES, or an API body) with the
        step's input serializer; a bad value raises DRF's ValidationError (a 400)."""
        if self.input is None:
            return {}
        body = self.input(data=data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def run(self, *, actor, obj, data: Mapping):
        """Take the step as a user asked for it on a page or through the API: refused first
        when it is not theirs to take (before their input is judged), then the input is
        validated, then the step runs and checks the rule again on the locked row."""
        refused = self.refusal_for(actor, obj)
        if refused is not None:
            raise refused
        return self(actor=actor, **{self.table.id_name: obj.pk}, **self.parse(data))

    def web_data(self, post, files):
        return web_input(self.input, post, files)

    def form(self, data=None, errors=None):
        """The web form of the step's input, drawn from its serializer; ``errors`` are the
        serializer's, shown on the fields they belong to. Its fields' ids carry the step's
        name: a page holds several steps' forms, and a label must name its own field."""
        return step_form(self.input, data=data, errors=errors, auto_id=f"id_{self.name}_%s")


class StepTable:
    """The steps of one flow, in the order the page lists them."""

    def __init__(
        self, *, lock: Callable[[int], Any], obj_name: str, wrong_state: str,
        state_field: str = "state",
    ):  # fmt: skip
        self.lock = lock
        # Refuses a step the row's state does not allow; "%(state)s" is the state's label.
        self.wrong_state = wrong_state
        self.obj_name = obj_name  # the row's keyword for the service function ("request")
        self.id_name = f"{obj_name}_id"  # and its id's keyword for callers ("request_id")
        self.state_field = state_field
        self._steps: dict[str, Step] = {}

    def step(self, name: str, *, from_states: Iterable[str], conditions=(), **options):
        def declare(func):
            declared = Step(
                name=name, func=func, from_states=frozenset(from_states),
                conditions=tuple(conditions), table=self,
                description=(func.__doc__ or "").strip(), **options,
            )  # fmt: skip
            if name in self._steps:
                raise ValueError(f"Step {name!r} is declared twice.")
            self._steps[name] = declared
            return declared

        return declare

    def __iter__(self):
        return iter(self._steps.values())

    def __contains__(self, name: str) -> bool:
        return name in self._steps

    def __getitem__(self, name: str) -> Step:
        return self._steps[name]

    def available(self, actor, obj) -> list[Step]:
        """The steps ``actor`` may take on ``obj`` now (the page's buttons)."""
        return [step for step in self if step.allowed(actor, obj)]


# --- the web form of a step's input ---------------------------------------------------------


def web_input(serializer_class, post, files):
    """A browser's POST and FILES as one input for ``serializer_class``. A file field left
    empty arrives as an empty string in POST; it means "no file", not a bad one."""
    data = post.copy()
    for name, declared in serializer_class().fields.items() if serializer_class else ():
        if isinstance(declared, serializers.ListField) and isinstance(
            declared.child, serializers.FileField
        ):
            data.pop(name, None)
    data.update(files)
    return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def _form_field(field: serializers.Field) -> forms.Field:
    """The Django form field that draws a serializer field (for display; the serializer
    validates)."""
    common = {"label": field.label, "help_text": field.help_text or "", "required": field.required}
    textarea = field.style.get("base_template") == "textarea.html"
    if isinstance(field, serializers.ManyRelatedField):
        return forms.ModelMultipleChoiceField(
            queryset=field.child_relation.get_queryset(), **common
        )
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return forms.ModelChoiceField(queryset=field.get_queryset(), **common)
    if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.FileField):
        return MultipleFileField(**common)
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(**{**common, "required": False})
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(min_value=field.min_value, decimal_places=field.decimal_places,
                                  **common)  # fmt: skip
    if isinstance(field, serializers.DateTimeField):
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common
        )
    if isinstance(field, serializers.DateField):
        return forms.DateField(
            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), **common
        )
    if isinstance(field, serializers.ChoiceField):
        radio = field.style.get("base_template") == "radio.html"
        return forms.ChoiceField(
            choices=list(field.choices.items()), widget=forms.RadioSelect if radio else None,
            **common,
        )  # fmt: skip
    if field.style.get("input_type") == "hidden":
        return forms.CharField(widget=forms.HiddenInput, **common)
    limit = {"max_length": field.max_length} if getattr(field, "max_length", None) else {}
    if textarea:
        widget = forms.Textarea(attrs={"rows": field.style.get("rows", 3)})
        return forms.CharField(widget=widget, **limit, **common)
    return forms.CharField(**limit, **common)


class _StepForm(forms.Form):
    """Shows what was typed and the serializer's errors; never validates by itself."""

    def __init__(self, *args, errors=None, **kwargs):
        self._given_errors = errors or {}
        super().__init__(*args, **kwargs)

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for name, messages in self._given_errors.items():
            for message in messages_of(messages):
                self.add_error(name if name in self.fields else None, message)


def messages_of(errors) -> list[str]:
    """The messages of a serializer error, however nested (a list field's errors come keyed
    by the item's position)."""
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in messages_of(value)]
    if isinstance(errors, list | tuple):
        return [m for value in errors for m in messages_of(value)]
    return [str(errors)]


def step_form(serializer_class, *, data=None, errors=None, auto_id="id_%s") -> forms.Form | None:
    if serializer_class is None:
        return None
    fields = {name: _form_field(field) for name, field in serializer_class().fields.items()}
    form_class = type(f"{serializer_class.__name__}Form", (_StepForm,), fields)
    if data is not None:
        return form_class(data, errors=errors, auto_id=auto_id)
    return form_class(auto_id=auto_id)


# --- taking a step from a page ----------------------------------------------------------------


def take_on_page(request, declared: Step, obj, *, back, render_bound):
    """Take ``declared`` on ``obj`` as the person asked for it on the object's page.

    Taken: its success message, and back to the page (``back``, a response). Refused
    with nothing typed to give back, or not this person's to take now: the reason as a
    message, and back to the page. Refused what was typed: ``render_bound(form)`` draws the
    page again with the step's form as it was typed and the reasons on its fields (a 400).
    """
    from django.contrib import messages
    from rest_framework.exceptions import ValidationError

    data = declared.web_data(request.POST, request.FILES)
    try:
        taken = declared.run(actor=request.user, obj=obj, data=data)
    except (ValidationError, StepRefused) as exc:
        if declared.input is None or not declared.allowed(request.user, obj):
            text = (
                exc.message if isinstance(exc, StepRefused) else " ".join(messages_of(exc.detail))
            )
            messages.error(request, str(text))
            return back
        errors = exc.detail if isinstance(exc, ValidationError) else {None: [exc.message]}
        return render_bound(declared.form(data=request.POST, errors=errors))
    done = declared.done(taken) if callable(declared.done) else declared.done
    messages.success(request, str(done))
    return back


def page_steps(table: StepTable, actor, obj, *, bound_step=None, bound_form=None, prepare=None):
    """The steps ``actor`` may take on ``obj`` as the page draws them: (step, form, open),
    the likely next steps first and open, the others folded under their names, unless
    nothing is likely (then the first is open) or one just came back with what was typed.
    ``prepare(step, form, bound)`` may narrow a form's choices for this object."""
    order = {"primary": 0, "secondary": 1, "destructive": 2}
    offered = sorted(
        (s for s in table.available(actor, obj) if s.on_page or s.name == bound_step),
        key=lambda s: order.get(s.emphasis, 1),
    )
    first_open = offered[0].name if offered and offered[0].emphasis != "destructive" else None
    drawn = []
    for step in offered:
        bound = step.name == bound_step
        form = bound_form if bound else step.form()
        if prepare is not None and form is not None:
            prepare(step, form, bound)
        is_open = step.emphasis == "primary" or step.name in (bound_step, first_open)
        drawn.append((step, form, is_open))
    return drawn
