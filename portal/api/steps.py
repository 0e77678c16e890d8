"""Every declared step of a flow as an API action (``POST /<prefix>/<id>/<step>/``)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser

from .schema import ERROR

ERRORS = (400, 403, 404, 409)


def refused(obj_name: str) -> OpenApiResponse:
    return OpenApiResponse(
        ERROR,
        description="The step is refused: {detail, code}. 400 for bad input, 403 when the user "
        f"may not take it, 404 outside the user's scope, 409 when the {obj_name}'s state does "
        "not allow it.",
    )


def add_step_actions(viewset, table, *, detail_serializer, respond) -> None:
    """Give ``viewset`` one action per step of ``table``: it finds the row in the viewset's
    queryset (another scope's id answers 404), takes the step with the body as its input,
    and answers ``respond(viewset, pk)``. Method names get a suffix because "dispatch" is
    the name of a view's own request handler."""
    answer = refused(table.obj_name)
    for declared in table:

        def step(self, request, pk=None, declared=declared):
            obj = get_object_or_404(self.get_queryset(), pk=pk)
            declared.run(actor=request.user, obj=obj, data=request.data)
            return respond(self, pk)

        # Named before decorating: the router maps POST to the method by this name.
        step.__name__ = f"{declared.name}_step"
        step = action(
            detail=True, methods=["post"], url_path=declared.name.replace("_", "-"),
            url_name=declared.name, parser_classes=[JSONParser, MultiPartParser],
        )(step)  # fmt: skip
        step = extend_schema(
            summary=str(declared.label), request=declared.input,
            responses={200: detail_serializer, **dict.fromkeys(ERRORS, answer)},
            description=declared.description,
        )(step)  # fmt: skip
        setattr(viewset, step.__name__, step)
