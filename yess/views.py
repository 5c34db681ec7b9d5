"""Pages of the YESS Académie: the programme, the application steps, the applicant's
follow-up, the cohort's sessions and the jury's score sheets.

Every page about an application looks it up among the signed-in user's own applications,
so another user's application answers 404 whatever the URL.
"""

from allauth.account.decorators import verified_email_required
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from occitanie_ess.common.admin_site import staff_page_context
from occitanie_ess.common.staff import staff_passes, staff_required
from yess import services
from yess.forms import STEP_BY_SLUG, STEPS, AttachmentsForm, ScoreSheetForm, WithdrawForm
from yess.forms import step_of_field as _step_of_field
from yess.models import (
    Application,
    Attendance,
    Call,
    Cohort,
    Criterion,
    JuryAssignment,
    Score,
    Session,
    Status,
)


def _is_yess_staff(user) -> bool:
    """Return True for YESS staff who follow the cohorts (attendance is theirs to see)."""
    return staff_passes(user, "yess.view_attendance")


@require_safe
def index(request):
    """Return the programme, the open (or next) call and the past cohorts."""
    now = timezone.now()
    call = Call.objects.current(now)
    criteria = list(call.criteria.all()) if call else []
    cohorts = (
        Cohort.objects.select_related("call")
        .filter(call__closes_at__lte=now)
        .annotate(size=Count("call__applications", filter=Q(call__applications__status="selected")))
    )
    own = None
    if call and request.user.is_authenticated:
        own = Application.objects.of(request.user).filter(call=call).first()
    return render(
        request,
        "yess/index.html",
        {
            "call": call,
            "call_is_open": bool(call and call.is_open(now)),
            "criteria": criteria,
            "cohorts": cohorts,
            "own_application": own,
        },
    )


@require_safe
def cohort_detail(request, year: int):
    """Return one past cohort: its projects that are in the directory, and its sessions."""
    cohort = get_object_or_404(Cohort.objects.select_related("call"), call__year=year)
    members = cohort.members().select_related("enterprise").order_by("project_name")
    listed = [m for m in members if m.enterprise_id and m.enterprise.is_published]
    return render(
        request,
        "yess/cohort_detail.html",
        {
            "cohort": cohort,
            "listed": listed,
            "member_count": len(members),
            "unlisted_count": len(members) - len(listed),
            "session_counts": cohort.sessions.values("kind").annotate(n=Count("pk")).order_by(),
            "kinds": dict(Session.Kind.choices),
            "can_see_sessions": _can_see_sessions(request.user, cohort),
        },
    )


def _can_see_sessions(user, cohort: Cohort) -> bool:
    if not user.is_authenticated:
        return False
    if _is_yess_staff(user):
        return True
    return cohort.members().filter(applicant=user).exists()


@login_required
@require_safe
def cohort_sessions(request, year: int):
    """Return the cohort's sessions and attendance, for its members and the YESS staff."""
    cohort = get_object_or_404(Cohort.objects.select_related("call"), call__year=year)
    if not _can_see_sessions(request.user, cohort):
        raise Http404
    staff = _is_yess_staff(request.user)
    sessions = cohort.sessions.prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("application"))
    )
    own = None if staff else cohort.members().filter(applicant=request.user).first()
    return render(
        request,
        "yess/cohort_sessions.html",
        {"cohort": cohort, "sessions": sessions, "staff": staff, "own": own},
    )


def _open_call():
    call = Call.objects.current()
    if call is None or not call.is_open():
        return None
    return call


def _steps_context(current_slug: str, application: Application | None):
    missing = set(services.application_missing_fields(application)) if application else None
    steps = []
    for number, step in enumerate(STEPS, start=1):
        fields = set(step.form_class.base_fields)
        steps.append(
            {
                "number": number,
                "slug": step.slug,
                "title": step.title,
                "current": step.slug == current_slug,
                "complete": missing is not None and not (fields & missing),
            }
        )
    steps.append(
        {
            "number": len(STEPS) + 1,
            "slug": "recapitulatif",
            "title": _("Vérifier et déposer"),
            "current": current_slug == "recapitulatif",
            "complete": False,
        }
    )
    return steps


@verified_email_required
@require_safe
def apply(request):
    """Return the application's entry page: the open call, the steps, the draft if any."""
    call = Call.objects.current()
    call_is_open = bool(call and call.is_open())
    application = None
    if call:
        application = Application.objects.of(request.user).filter(call=call).first()
        if application and not application.is_draft:
            return redirect(application)
    return render(
        request,
        "yess/apply.html",
        {
            "call": call,
            "call_is_open": call_is_open,
            "application": application,
            "steps": _steps_context("", application) if call_is_open else [],
            "first_step": STEPS[0].slug,
        },
    )


def _step_form(step, application, data=None, files=None):
    if step.form_class is AttachmentsForm:
        return AttachmentsForm(data, files)
    return step.form_class(data, instance=application)


def _save_step(request, step, call):
    """Validate and save one step into the user's draft; return (form, application)."""
    application = Application.objects.of(request.user).filter(call=call).first()
    form = _step_form(step, application, request.POST, request.FILES)
    if not form.is_valid():
        return form, application, False
    if application is None:
        application, _created = services.application_get_or_create_draft(
            applicant=request.user, call=call
        )
    if isinstance(form, AttachmentsForm):
        values = form.values()
    else:
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        application = services.application_update_draft(application=application, values=values)
    except ValidationError as error:
        form.add_error(None, error)
        return form, application, False
    return form, application, True


@verified_email_required
@require_http_methods(["GET", "POST"])
def step(request, slug: str):
    """Return one step of the application; POST saves it into the draft (and goes on)."""
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    call = _open_call()
    if call is None:
        messages.error(request, _("Aucun appel à candidatures n'est ouvert en ce moment."))
        return redirect("yess:apply")
    application = Application.objects.of(request.user).filter(call=call).first()
    if application and not application.is_draft:
        return redirect(application)
    if request.method == "POST":
        form, application, saved = _save_step(request, step, call)
        if saved:
            index = STEPS.index(step)
            if "save" in request.POST:
                messages.success(request, _("Vos réponses sont enregistrées."))
                return redirect("yess:step", slug=step.slug)
            if "previous" in request.POST and index > 0:
                return redirect("yess:step", slug=STEPS[index - 1].slug)
            if index + 1 < len(STEPS):
                return redirect("yess:step", slug=STEPS[index + 1].slug)
            return redirect("yess:review")
    else:
        form = _step_form(step, application)
    index = STEPS.index(step)
    return render(
        request,
        "yess/step.html",
        {
            "call": call,
            "step": step,
            "number": index + 1,
            "total": len(STEPS) + 1,
            "steps": _steps_context(step.slug, application),
            "form": form,
            "application": application,
            "is_first": index == 0,
            "autosave_url": reverse("yess:autosave", kwargs={"slug": step.slug})
            if step.form_class is not AttachmentsForm
            else "",
        },
    )


@verified_email_required
@require_POST
def autosave(request, slug: str):
    """Save a step's answers in the background (static/js/yess.js); answer JSON."""
    step = STEP_BY_SLUG.get(slug)
    if step is None or step.form_class is AttachmentsForm:
        raise Http404
    call = _open_call()
    if call is None:
        return JsonResponse(
            {"ok": False, "error": _("Aucun appel à candidatures n'est ouvert en ce moment.")},
            status=409,
        )
    form, application, saved = _save_step(request, step, call)
    if not saved:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse(
            {
                "ok": False,
                "error": _("Enregistrement impossible : corrigez les champs signalés."),
                "errors": errors,
            },
            status=400,
        )
    saved_at = timezone.localtime(application.updated_at)
    return JsonResponse({"ok": True, "saved_at": time_format(saved_at, "H:i")})


def _answers(application: Application):
    """Return the application's answers grouped by step, for read-only display."""
    groups = []
    for step in STEPS:
        rows = []
        for name in step.form_class.base_fields:
            field = Application._meta.get_field(name)
            value = getattr(application, name)
            if name in ("pitch_deck", "logo"):
                display = bool(value and value.name)
            elif field.choices:
                display = getattr(application, f"get_{name}_display")()
            else:
                display = value
            rows.append({"name": name, "label": field.verbose_name, "value": display})
        groups.append({"step": step, "rows": rows})
    return groups


@verified_email_required
@require_safe
def review(request):
    """Return every answer of the draft, what is missing (linked), and the submit button."""
    call = _open_call()
    application = Application.objects.of(request.user).filter(call=call).first() if call else None
    if application is None:
        return redirect("yess:apply")
    if not application.is_draft:
        return redirect(application)
    return _render_review(request, application)


def _render_review(request, application, error=None, status=200):
    missing = [
        {
            "name": name,
            "label": Application._meta.get_field(name).verbose_name,
            "url": reverse("yess:step", kwargs={"slug": _step_of_field(name).slug}) + f"#id_{name}",
        }
        for name in services.application_missing_fields(application)
    ]
    return render(
        request,
        "yess/review.html",
        {
            "application": application,
            "call": application.call,
            "answers": _answers(application),
            "missing": missing,
            "error": error,
            "steps": _steps_context("recapitulatif", application),
        },
        status=status,
    )


@verified_email_required
@require_POST
def submit(request):
    """Submit the user's draft through application_submit; errors go back to the review.

    The draft is looked up whatever its call's state, so that a submission arriving after
    the deadline gets the service's own French refusal ("L'appel est clos").
    """
    call = Call.objects.current()
    mine = Application.objects.of(request.user).select_related("call")
    application = (mine.filter(call=call).first() if call else None) or (
        mine.filter(status=Status.DRAFT).order_by("-call__year").first()
    )
    if application is None:
        messages.error(request, _("Vous n'avez pas de candidature en cours."))
        return redirect("yess:apply")
    if not application.is_draft:
        # A second click: the first one already submitted it.
        return redirect(application)
    # Submission is rate-limited (ACCOUNT_RATE_LIMITS["yess_submit"], counted in the shared
    # cache).
    if not ratelimit.consume(request, action="yess_submit", user=request.user):
        return _render_review(
            request,
            application,
            error=_("Trop de tentatives de dépôt : réessayez dans quelques minutes."),
            status=429,
        )
    try:
        services.application_submit(application=application, by=request.user)
    except ValidationError as error:
        application.refresh_from_db()
        if hasattr(error, "error_dict"):
            message = _("Des réponses obligatoires manquent : complétez-les avant de déposer.")
        else:
            message = " ".join(error.messages)
        return _render_review(request, application, error=message, status=400)
    messages.success(
        request,
        _("Votre candidature est déposée. Un courriel de confirmation vous a été envoyé."),
    )
    return redirect("yess:application_detail", pk=application.pk)


@login_required
@require_safe
def application_detail(request, pk: int):
    """Return one of the user's applications, read-only, with its dated timeline."""
    application = get_object_or_404(
        Application.objects.of(request.user).select_related("call", "departement"), pk=pk
    )
    changes = application.status_changes.all()
    return render(
        request,
        "yess/application_detail.html",
        {
            "application": application,
            "answers": _answers(application),
            "changes": changes,
            "cohort": Cohort.objects.filter(call=application.call).first()
            if application.status == Status.SELECTED
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk: int):
    """Confirm, then withdraw one of the user's applications."""
    application = get_object_or_404(Application.objects.of(request.user), pk=pk)
    if not application.can_withdraw:
        messages.error(request, _("Cette candidature ne peut plus être retirée."))
        return redirect(application)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre candidature est retirée."))
        return redirect(application)
    return render(
        request, "yess/application_withdraw.html", {"application": application, "form": form}
    )


@login_required
@require_safe
def attachment(request, pk: int, kind: str):
    """Serve an attachment, as a download, to its applicant, to the YESS team once the
    application is submitted, or to a juror it is assigned to."""
    if kind not in ("presentation", "logo"):
        raise Http404
    application = get_object_or_404(Application.objects.readable_by(request.user), pk=pk)
    stored = application.pitch_deck if kind == "presentation" else application.logo
    if not stored or not stored.name:
        raise Http404
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    if kind == "presentation":
        content_type, extension = "application/pdf", "pdf"
    else:
        content_type = application.logo_content_type or "application/octet-stream"
        extension = stored.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"candidature-{application.pk}-{kind}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Jury


@staff_required("yess.add_score")
@require_safe
def jury_list(request):
    """Return the applications assigned to the signed-in juror, scored or not."""
    assignments = (
        JuryAssignment.objects.filter(juror=request.user)
        .select_related("application__call")
        .annotate(
            scored=Count("application__scores", filter=Q(application__scores__juror=request.user))
        )
        .order_by("-application__call__year", "application__project_name")
    )
    return render(
        request,
        "yess/jury_list.html",
        {
            **staff_page_context(request),
            "title": _("Mes candidatures à noter"),
            "assignments": assignments,
        },
    )


@staff_required("yess.add_score")
@require_http_methods(["GET", "POST"])
def jury_score(request, pk: int):
    """Return an assigned application and the juror's score sheet (scored once)."""
    assignment = get_object_or_404(
        JuryAssignment.objects.select_related("application__call"),
        application_id=pk,
        juror=request.user,
    )
    application = assignment.application
    criteria = Criterion.objects.filter(call=application.call)
    existing = list(
        Score.objects.filter(application=application, juror=request.user).select_related(
            "criterion"
        )
    )
    form = None
    if not existing:
        form = ScoreSheetForm(request.POST or None, criteria=criteria)
        if request.method == "POST" and form.is_valid():
            scores, comments = form.values()
            try:
                services.scores_record(
                    application=application, juror=request.user, values=scores, comments=comments
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Vos notes sont enregistrées."))
                return redirect("yess:jury_score", pk=application.pk)
    return render(
        request,
        "yess/jury_score.html",
        {
            **staff_page_context(request),
            "title": _("Noter la candidature « %(name)s »") % {"name": application},
            "application": application,
            "answers": _answers(application),
            "form": form,
            "existing": existing,
        },
    )


@staff_required("yess.view_score")
@require_safe
def ranking(request, year: int):
    """Return a call's applications under review ranked by their average score."""
    call = get_object_or_404(Call, year=year)
    applications = (
        Application.objects.filter(call=call)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .with_average()
        .order_by(F("average").desc(nulls_last=True), "project_name")
    )
    return render(
        request,
        "yess/ranking.html",
        {
            **staff_page_context(request),
            "title": _("Classement de l'appel %(year)s") % {"year": call.year},
            "call": call,
            "applications": applications,
        },
    )
