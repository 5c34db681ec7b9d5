"""Writes of the YESS Académie that carry rules: drafts, submission, withdrawal, status
transitions, selection within capacity, jury scores, account deletion, the directory's
support relation that a cohort membership *is*, and the team's and the jury's staff groups.

Each service locks the rows two requests could race on (the call for a draft's creation
and for a selection, the application for its transitions), validates, writes, records the
transition, and sends the applicant's email only once the transaction has committed.
"""

import datetime
import logging

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from occitanie_ess.common.dbtools import constraint_name
from occitanie_ess.common.groups import staff_group_ensure
from occitanie_ess.common.mail import mail_send, site_url
from occitanie_ess.common.notifications import staff_notify
from structures.models import Support
from structures.services import DerivedSupport, support_derive, supports_rederive
from yess.models import (
    DECISIONS,
    Application,
    Call,
    Criterion,
    JuryAssignment,
    Score,
    Status,
    StatusChange,
)

logger = logging.getLogger(__name__)

ONE_PER_CALL_CONSTRAINT = "yess_application_one_per_applicant_and_call"

TEAM_GROUP = "Équipe YESS"
JURY_GROUP = "Jury YESS"
JURY_PERMISSIONS = [
    "view_call",
    "view_criterion",
    "view_application",
    "view_score",
    "add_score",
    "view_cohort",
    "view_session",
]
# What the team reads in the directory: a call's operator, an applicant's enterprise (the
# admin's autocomplete asks for this permission).
DIRECTORY_VIEW = Q(
    content_type__app_label="structures",
    codename__in=["view_enterprise", "view_supportstructure", "view_organisation"],
)


def team_group_ensure(*, using: str = "default") -> Group:
    """Return the staff group "Équipe YESS", created or completed with every yess
    permission and the right to read the directory's records (idempotent)."""
    return staff_group_ensure(
        name=TEAM_GROUP,
        permissions=Q(content_type__app_label="yess") | DIRECTORY_VIEW,
        using=using,
    )


def jury_group_ensure(*, using: str = "default") -> Group:
    """Return the staff group "Jury YESS", created or completed with what a juror needs:
    read the calls and applications, add scores (idempotent)."""
    return staff_group_ensure(
        name=JURY_GROUP,
        permissions=Q(content_type__app_label="yess", codename__in=JURY_PERMISSIONS),
        using=using,
    )


def application_support(application: Application) -> DerivedSupport:
    """Return the support relation a cohort membership is: the call's operator (REALIS
    runs the YESS Académie) accompanies the enterprise the selected project became, from
    the close of the call. Any other application, or one not linked to a directory
    record, is no support."""
    call = application.call
    member = application.status == Status.SELECTED and application.enterprise_id
    return DerivedSupport(
        source_id=application.pk,
        structure_id=call.operator_id if member else None,
        enterprise_id=application.enterprise_id,
        kind=Support.Kind.COACHING,
        start_date=timezone.localtime(call.closes_at).date(),
    )


def application_support_derive(application: Application) -> None:
    """Write the directory's support row of `application` (inside the caller's
    transaction)."""
    support_derive(source=Support.Source.COHORT, derived=application_support(application))


@transaction.atomic
def application_enterprise_set(*, application: Application, enterprise) -> Application:
    """Link `application` to its directory record (staff) and derive its support row."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    locked.enterprise = enterprise
    locked.save(update_fields=["enterprise", "updated_at"])
    application_support_derive(locked)
    return locked


@transaction.atomic
def call_save(*, call: Call) -> Call:
    """Validate and save `call`; its operator accompanies the cohort, so the support rows
    of its selected projects follow it, in the same transaction."""
    call.full_clean()
    call.save()
    for application in call.applications.filter(status=Status.SELECTED).select_related("call"):
        application_support_derive(application)
    return call


@transaction.atomic
def cohort_supports_rederive() -> dict[str, int]:
    """Make the directory's YESS rows match every application (demo data, repairs)."""
    return supports_rederive(
        source=Support.Source.COHORT,
        records=(
            application_support(a)
            for a in Application.objects.select_related("call").only(
                "pk", "status", "enterprise_id", "call__operator_id", "call__closes_at"
            )
        ),
    )


# The answers a submission needs, by form step (see yess.forms.STEPS).
REQUIRED_FIELDS = (
    "project_name",
    "summary",
    "social_need",
    "innovation",
    "beneficiaries",
    "team",
    "team_size",
    "departement",
    "commune",
    "stage",
    "economic_model",
    "needs",
    "pitch_deck",
)


def application_missing_fields(application: Application) -> list[str]:
    """Return the names of the required answers still empty, in the form's order."""
    missing = []
    for name in REQUIRED_FIELDS:
        value = getattr(application, name)
        if value in (None, "") or (hasattr(value, "name") and not value.name):
            missing.append(name)
    return missing


@transaction.atomic
def application_get_or_create_draft(*, applicant, call: Call) -> tuple[Application, bool]:
    """Return the applicant's application to `call` and whether it was just created.

    The call row is locked first, so two simultaneous first visits (a double-click) wait
    for each other and the second finds the first one's draft; the unique constraint on
    (applicant, call) backs this up.
    """
    Call.objects.select_for_update().get(pk=call.pk)
    existing = Application.objects.filter(applicant=applicant, call=call).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            application = Application.objects.create(applicant=applicant, call=call)
    except IntegrityError as error:
        if constraint_name(error) != ONE_PER_CALL_CONSTRAINT:
            raise
        return Application.objects.get(applicant=applicant, call=call), False
    return application, True


@transaction.atomic
def application_update_draft(*, application: Application, values: dict) -> Application:
    """Save answers into a draft and return it; refuse once it has been submitted."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.DRAFT:
        raise ValidationError(
            _("Cette candidature a été déposée : elle ne peut plus être modifiée."),
            code="not_draft",
        )
    replaced = [
        getattr(locked, name)
        for name in ("pitch_deck", "logo")
        if name in values and getattr(locked, name)
    ]
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["applicant", "call"], validate_unique=False)
    locked.save()
    for old in replaced:
        # The new file is stored; the one it replaces goes once the change is committed.
        transaction.on_commit(lambda n=old.name, s=old.storage: s.delete(n))
    return locked


def application_mail_context(application: Application) -> dict:
    """Return what the applicant's emails about `application` show: the application, its
    call, its status now (the message is built before the commit) and its page's URL."""
    url = reverse("yess:application_detail", kwargs={"pk": application.pk})
    return {
        "application": application,
        "call": application.call,
        "status": application.get_status_display(),
        "url": site_url(url),
    }


def _record(application: Application, *, to_status: str, by, note: str = "", at=None):
    change = StatusChange(
        application=application,
        from_status=application.status,
        to_status=to_status,
        by=by,
        note=note,
        at=at or timezone.now(),
    )
    change.full_clean()
    change.save()
    application.status = to_status
    return change


def _move(
    application: Application, *, to_status: str, by, note: str, mail: str | None
) -> Application:
    """Record the locked `application`'s move to `to_status`, save it, derive its support
    row, email the applicant with the template `mail` when one is given; return it."""
    _record(application, to_status=to_status, by=by, note=note)
    application.save(update_fields=["status", "updated_at"])
    application_support_derive(application)
    if mail is not None:
        mail_send(
            template=mail,
            user=application.applicant,
            context=application_mail_context(application),
        )
    return application


@transaction.atomic
def application_submit(
    *, application: Application, by, at: datetime.datetime | None = None
) -> Application:
    """Submit a draft and return it; raise ValidationError (French) when refused.

    Refused outside the call's window [opens_at, closes_at) — the closing instant itself
    is too late —, when a required answer is missing (the error maps each missing field
    to its message), or when the application is no longer a draft (a second click).
    """
    at = at or timezone.now()
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status != Status.DRAFT:
        raise ValidationError(_("Cette candidature a déjà été déposée."), code="already_submitted")
    call = locked.call
    if at < call.opens_at:
        raise ValidationError(
            _("L'appel n'est pas encore ouvert : les candidatures ne sont pas acceptées."),
            code="not_open",
        )
    if at >= call.closes_at:
        raise ValidationError(
            _("L'appel est clos : la date limite de dépôt est passée."), code="closed"
        )
    missing = application_missing_fields(locked)
    if missing:
        raise ValidationError(
            {name: _("Cette réponse est obligatoire pour déposer.") for name in missing}
        )
    _record(locked, to_status=Status.SUBMITTED, by=by, at=at)
    locked.submitted_at = at
    locked.full_clean(exclude=["applicant", "call"], validate_unique=False)
    locked.save()
    mail_send(
        template="yess/submitted",
        user=locked.applicant,
        context=application_mail_context(locked),
    )
    staff_notify(
        permission="yess.change_application",
        subject=_("Candidature YESS déposée"),
        line=_("%(project)s (appel %(year)s)")
        % {"project": locked.project_name, "year": call.year},
        path=reverse("admin:yess_application_change", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def application_withdraw(*, application: Application, by, note: str = "") -> Application:
    """Withdraw the application (by its applicant) and return it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.can_move_to(Status.WITHDRAWN):
        raise ValidationError(
            _("Cette candidature ne peut plus être retirée."), code="forbidden_transition"
        )
    return _move(locked, to_status=Status.WITHDRAWN, by=by, note=note, mail="yess/withdrawn")


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, by, note: str = ""
) -> Application:
    """Move the application to `to_status` (staff decision) and return it.

    Only the transitions of yess.models.TRANSITIONS are possible; a selection goes
    through the call's lock so that the cohort never exceeds the call's capacity.
    The applicant is emailed, after commit, on every decision.
    """
    if to_status == Status.SELECTED:
        return application_select(application=application, by=by, note=note)
    if to_status in (Status.SUBMITTED,):
        raise ValidationError(
            _("Seul le candidat ou la candidate peut déposer sa candidature."),
            code="forbidden_transition",
        )
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_transition(locked, to_status)
    mail = "yess/decision" if to_status in DECISIONS else None
    return _move(locked, to_status=to_status, by=by, note=note, mail=mail)


def _check_transition(application: Application, to_status: str) -> None:
    if not application.can_move_to(to_status):
        raise ValidationError(
            _("Passage impossible de « %(from)s » à « %(to)s ».")
            % {
                "from": Status(application.status).label,
                "to": Status(to_status).label if to_status in Status.values else to_status,
            },
            code="forbidden_transition",
        )


@transaction.atomic
def application_select(*, application: Application, by, note: str = "") -> Application:
    """Select the application into the call's cohort and return it.

    The call row is locked first: two staff members selecting at once are served one
    after the other, and the count of selected projects never exceeds the capacity.
    """
    call = Call.objects.select_for_update().get(pk=application.call_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_transition(locked, Status.SELECTED)
    selected = Application.objects.filter(call=call, status=Status.SELECTED).count()
    if selected >= call.capacity:
        raise ValidationError(
            _(
                "La promotion est complète (%(capacity)s places) : placez le projet sur "
                "liste d'attente."
            )
            % {"capacity": call.capacity},
            code="capacity",
        )
    return _move(locked, to_status=Status.SELECTED, by=by, note=note, mail="yess/decision")


@transaction.atomic
def scores_record(
    *, application: Application, juror, values: dict[int, int], comments: dict | None = None
) -> list[Score]:
    """Record a juror's score on every criterion of the call, once; return the scores.

    Refused when the juror is not assigned, when the application is not under review,
    when a criterion is missing or out of range, or when the juror already scored it.
    """
    comments = comments or {}
    if not JuryAssignment.objects.filter(application=application, juror=juror).exists():
        raise ValidationError(_("Vous n'êtes pas affecté à cette candidature."), code="not_juror")
    if application.status not in (Status.UNDER_REVIEW, Status.SHORTLISTED):
        raise ValidationError(
            _("Cette candidature n'est pas en cours d'examen."), code="not_under_review"
        )
    if Score.objects.select_for_update().filter(application=application, juror=juror).exists():
        raise ValidationError(_("Vous avez déjà noté cette candidature."), code="already_scored")
    criteria = list(Criterion.objects.filter(call_id=application.call_id))
    scores = []
    for criterion in criteria:
        if values.get(criterion.pk) is None:
            raise ValidationError(
                _("Notez chaque critère : « %(label)s » manque.") % {"label": criterion.label}
            )
        score = Score(
            application=application,
            juror=juror,
            criterion=criterion,
            value=values[criterion.pk],
            comment=comments.get(criterion.pk, ""),
        )
        score.full_clean()
        score.save()
        scores.append(score)
    return scores


@transaction.atomic
def account_data_delete(*, user) -> None:
    """Delete what the YESS Académie holds that is only `user`'s, before their account
    goes: their drafts (and their files); anonymise their other applications, kept for
    the calls' statistics (status, call, territory, stage; no names, no texts)."""
    for application in Application.objects.select_for_update().filter(applicant=user):
        files = [f for f in (application.pitch_deck, application.logo) if f and f.name]
        if application.status == Status.DRAFT:
            application.delete()
        else:
            application.applicant = None
            application.is_anonymised = True
            for name in (
                "project_name",
                "summary",
                "website",
                "social_need",
                "innovation",
                "beneficiaries",
                "team",
                "economic_model",
                "needs",
                "commune",
            ):
                setattr(application, name, "")
            application.project_name = _("Candidature anonymisée")
            application.pitch_deck = ""
            application.logo = ""
            application.logo_content_type = ""
            application.save()
            StatusChange.objects.filter(application=application).update(note="")
        for stored in files:
            name = stored.name
            storage = stored.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
