"""Forms of the REALIS pages and admin: room booking, coaching sessions."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realis import conf
from realis.models import CoachingSession, Residency, Space
from structures.models import Enterprise


def time_choices(*, first: int, last: int, step: int, include_end: bool):
    """Return ("HH:MM", "HH h MM") choices from `first` o'clock to `last` o'clock."""
    choices = []
    minutes = first * 60
    stop = last * 60 + (1 if include_end else 0)
    while minutes < stop:
        hour, minute = divmod(minutes, 60)
        choices.append((f"{hour:02d}:{minute:02d}", f"{hour} h {minute:02d}"))
        minutes += step
    return choices


def parse_time(value: str) -> datetime.time:
    """Return the time of a "HH:MM" choice."""
    hour, minute = value.split(":")
    return datetime.time(int(hour), int(minute))


class BookingForm(forms.Form):
    """Book a space for a slot: a plain POST form, usable without JavaScript."""

    space = forms.ModelChoiceField(
        label=_("Espace"),
        queryset=Space.objects.filter(is_bookable=True),
        empty_label=_("Choisissez un espace"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Choisissez un espace réservable de la liste.")},
    )
    date = forms.DateField(
        label=_("Date"),
        # A text field rather than type="date": its format is the same in every browser and
        # it is typed like any other field.
        widget=forms.DateInput(attrs={"autocomplete": "off"}, format="%d/%m/%Y"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Jour/mois/année, par exemple 07/12/2026."),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 03/12/2026.")},
    )
    start_time = forms.ChoiceField(label=_("Heure de début"))
    end_time = forms.ChoiceField(label=_("Heure de fin"))
    enterprise = forms.ModelChoiceField(
        label=_("Au nom de l'entreprise"), queryset=None, empty_label=None
    )
    purpose = forms.CharField(
        label=_("Objet de la réservation"),
        max_length=200,
        required=False,
        help_text=_("Facultatif, par exemple « Réunion d'équipe »."),
    )

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        opening, closing = conf.opening_hours()
        step = conf.booking_slot_minutes()
        self.fields["start_time"].choices = time_choices(
            first=opening, last=closing, step=step, include_end=False
        )
        self.fields["end_time"].choices = time_choices(
            first=opening, last=closing, step=step, include_end=True
        )[1:]
        self.enterprises = list(enterprises)
        self.fields["enterprise"].queryset = self.enterprises_queryset()
        if len(self.enterprises) <= 1:
            del self.fields["enterprise"]

    def enterprises_queryset(self):
        return Enterprise.objects.filter(pk__in=[e.pk for e in self.enterprises])

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["start"] = timezone.make_aware(
                datetime.datetime.combine(day, parse_time(start))
            )
            cleaned["end"] = timezone.make_aware(datetime.datetime.combine(day, parse_time(end)))
            if cleaned["end"] <= cleaned["start"]:
                self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
        return cleaned


class CoachingSessionForm(forms.ModelForm):
    """A coaching session; an individual one concerns exactly one enterprise."""

    class Meta:
        model = CoachingSession
        fields = ["date", "kind", "topic", "hours", "coach", "enterprises", "notes"]

    def clean(self):
        cleaned = super().clean()
        enterprises = cleaned.get("enterprises")
        if cleaned.get("kind") == CoachingSession.Kind.INDIVIDUAL and enterprises is not None:
            if len(enterprises) != 1:
                raise ValidationError(
                    {"enterprises": _("Une séance individuelle concerne une seule entreprise.")}
                )
        day = cleaned.get("date")
        if day and enterprises:
            hosted = set(
                Residency.objects.covering(day)
                .filter(enterprise__in=enterprises)
                .values_list("enterprise_id", flat=True)
            )
            outside = sorted(e.name for e in enterprises if e.pk not in hosted)
            if outside:
                raise ValidationError(
                    {
                        "enterprises": _(
                            "Une séance d'accompagnement concerne des entreprises résidentes à "
                            "sa date ; ne l'étaient pas le %(date)s : %(names)s."
                        )
                        % {"date": day.strftime("%d/%m/%Y"), "names": ", ".join(outside)}
                    }
                )
        return cleaned


class WeekForm(forms.Form):
    """The week shown by the calendar, as an ISO week ("2026-W49")."""

    semaine = forms.CharField(required=False, max_length=10)

    def clean_semaine(self) -> datetime.date | None:
        """Return the Monday of the requested ISO week, or None for the current week."""
        value = self.cleaned_data["semaine"].strip()
        if not value:
            return None
        try:
            year_text, week_text = value.upper().split("-W")
            monday = datetime.date.fromisocalendar(int(year_text), int(week_text), 1)
        except ValueError as error:
            raise ValidationError(
                _("« %(value)s » n'est pas une semaine valide : écrivez par exemple 2026-W49."),
                code="invalid_week",
                params={"value": value},
            ) from error
        if not 2000 <= monday.year <= 2100:
            raise ValidationError(
                _("Choisissez une semaine entre 2000 et 2100."), code="week_out_of_range"
            )
        return monday
