"""A person's own data: see it, download it, ask for its deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import privacy
from .errors import StepRefused
from .forms import ErasureRequestForm


@login_required
def my_data(request, form=None, status=200):
    return render(
        request, "portal/my_data.html",
        {"sections": privacy.sections_of(request.user),
         "form": form or ErasureRequestForm(),
         "requests": request.user.erasure_requests.all()[:10]},
        status=status,
    )  # fmt: skip


@login_required
def my_data_export(request, fmt):
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        response = HttpResponse(privacy.as_json(request.user), content_type="application/json")
    else:
        response = HttpResponse(
            privacy.as_xlsx(request.user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.{fmt}"'
    return response


@login_required
@require_POST
def my_data_erase(request):
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return my_data(request, form=form, status=400)
    try:
        privacy.ask_for_erasure(user=request.user, reason=form.cleaned_data["reason"])
    except StepRefused as refused:
        messages.error(request, refused.message)
        return redirect("my_data")
    messages.success(
        request,
        _("Your deletion request was sent. A park administrator reviews it and you will be "
          "told what was deleted and what must be kept, and why."),
    )  # fmt: skip
    return redirect("my_data")
